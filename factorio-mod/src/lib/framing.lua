--- Console framing of packets (mirror of the protocol module's ConsoleFraming.java).
--- Pure: never touches game or storage.
---
---   KFKTR:{"v":1,...}              a whole packet
---   KFKTR+42/1/3:{"v":1,"ty        part 1 of 3 of the packet with seq 42
local framing = {}

framing.MARKER = "KFKTR"
framing.WHOLE_PREFIX = "KFKTR:"
framing.PART_PREFIX = "KFKTR+"
--- Upper bound of one console line in bytes, newline included.
framing.MAX_LINE_BYTES = 4000
--- Room kept for a part header ("KFKTR+" + up to 18 digits + "/999999/999999:" = 35 bytes) and "\n",
--- the same 40 bytes as the Java side.
framing.PART_HEADER_RESERVE = 40

--- True if the line (without its newline) is meant as a packet line.
---@param line string
---@return boolean
function framing.is_packet_line(line)
  local head = line:sub(1, 6)
  return head == framing.WHOLE_PREFIX or head == framing.PART_PREFIX
end

---@param byte integer
---@return boolean
local function is_continuation(byte)
  return byte >= 0x80 and byte <= 0xBF
end

--- Splits `s` into pieces of at most `budget` bytes, never inside a UTF-8 sequence.
---@param s string
---@param budget integer at least 4 (the longest UTF-8 sequence)
---@return string[]
function framing.split_utf8(s, budget)
  assert(budget >= 4, "budget must hold at least one UTF-8 sequence")
  local pieces = {}
  local start, len = 1, #s
  while len - start + 1 > budget do
    local cut = start + budget -- first byte of the next piece
    while cut > start and is_continuation(s:byte(cut)) do
      cut = cut - 1
    end
    pieces[#pieces + 1] = s:sub(start, cut - 1)
    start = cut
  end
  pieces[#pieces + 1] = s:sub(start)
  return pieces
end

--- Frames one packet's JSON as console lines (without newlines): one whole line if it fits,
--- otherwise numbered parts.
---@param seq integer the packet's seq, used as the part id
---@param json string
---@param max_line_bytes? integer defaults to MAX_LINE_BYTES (specs use smaller values)
---@return string[]
function framing.frame(seq, json, max_line_bytes)
  max_line_bytes = max_line_bytes or framing.MAX_LINE_BYTES
  if #framing.WHOLE_PREFIX + #json + 1 <= max_line_bytes then
    return { framing.WHOLE_PREFIX .. json }
  end
  local fragments = framing.split_utf8(json, max_line_bytes - framing.PART_HEADER_RESERVE)
  local lines = {}
  for i, fragment in ipairs(fragments) do
    lines[i] = framing.PART_PREFIX .. string.format("%d/%d/%d:", seq, i, #fragments) .. fragment
  end
  return lines
end

return framing
