--- Checks printed console lines against the wire contract: the framing rules of
--- protocol/.../ConsoleFraming.java and the shapes of the golden packets in
--- protocol/src/main/resources/kafkatorio/protocol/golden-lines.json.
local cjson = require("cjson")
local framing = require("lib.framing")

local contract = {}

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
contract.GOLDEN_PATH = here .. "/../../../protocol/src/main/resources/kafkatorio/protocol/golden-lines.json"
contract.ENVELOPE = { v = true, type = true, tick = true, seq = true, data = true }
contract.PLAYER_EVENTS = { snapshot = true, joined = true, left = true, died = true, respawned = true,
  moved = true, ["surface-changed"] = true, removed = true }

local golden
function contract.golden()
  if not golden then
    local f = assert(io.open(contract.GOLDEN_PATH, "rb"), "cannot read " .. contract.GOLDEN_PATH)
    golden = cjson.decode(f:read("*a"))
    f:close()
  end
  return golden
end

local function json_type(v)
  local t = type(v)
  if t == "table" then return v == cjson.null and "null" or "object" end
  return t
end

local function is_integer(v)
  return type(v) == "number" and v == math.floor(v)
end

--- Golden entries that show reader leniency rather than what a writer may print.
contract.LENIENCY_EXAMPLES = { ["unknown fields are ignored"] = true }

--- Numeric fields that are doubles in the protocol although every golden example happens to show
--- an integer (MapTag.x/y: a tag can sit anywhere on the 1/256 grid).
contract.DOUBLE_FIELDS = { tag = { x = true, y = true } }

--- Per packet type, from the golden valid packets of that type: `keys` (every data key any of them
--- has, with its JSON type: a field is allowed if some golden packet has it), `required` (keys
--- present in all of them) and `integers` (numeric keys that are integers wherever they appear).
function contract.shapes()
  local shapes = {}
  for _, entry in ipairs(contract.golden().valid) do
    if not contract.LENIENCY_EXAMPLES[entry.name] then
      local p = entry.packet
      local shape = shapes[p.type]
      if not shape then
        shape = { keys = {}, required = nil, integers = {} }
        shapes[p.type] = shape
      end
      local present = {}
      for k, v in pairs(p.data) do
        present[k] = true
        shape.keys[k] = shape.keys[k] or json_type(v)
        if shape.integers[k] == nil then shape.integers[k] = is_integer(v) else shape.integers[k] = shape.integers[k] and is_integer(v) end
        if contract.DOUBLE_FIELDS[p.type] and contract.DOUBLE_FIELDS[p.type][k] then shape.integers[k] = false end
      end
      if shape.required == nil then
        shape.required = present
      else
        for k in pairs(shape.required) do
          if not present[k] then shape.required[k] = nil end
        end
      end
    end
  end
  return shapes
end

--- Reassembles framed lines into packet JSON strings; returns list of {json=, lines=} and errors.
function contract.reassemble(lines)
  local packets, errors, open = {}, {}, nil
  for i, line in ipairs(lines) do
    if line:sub(1, #framing.WHOLE_PREFIX) == framing.WHOLE_PREFIX then
      if open then errors[#errors + 1] = "line " .. i .. ": whole packet inside an unfinished split packet" end
      packets[#packets + 1] = { json = line:sub(#framing.WHOLE_PREFIX + 1), first = i }
    else
      local seq, idx, count, fragment = line:match("^KFKTR%+(%d+)/(%d+)/(%d+):(.*)$")
      if not seq then
        errors[#errors + 1] = "line " .. i .. ": not a packet line: " .. line:sub(1, 60)
      else
        idx, count = tonumber(idx), tonumber(count)
        if count < 2 or idx < 1 or idx > count then
          errors[#errors + 1] = "line " .. i .. ": bad part header"
        elseif idx == 1 then
          open = { seq = seq, count = count, parts = { fragment }, first = i }
        elseif not open or open.seq ~= seq or #open.parts + 1 ~= idx then
          errors[#errors + 1] = "line " .. i .. ": part out of order"
        else
          open.parts[idx] = fragment
        end
        if open and #open.parts == open.count then
          packets[#packets + 1] = { json = table.concat(open.parts), first = open.first, split = true, seq = tonumber(open.seq) }
          open = nil
        end
      end
    end
  end
  if open then errors[#errors + 1] = "unfinished split packet " .. open.seq end
  return packets, errors
end

--- Validates printed lines; returns the decoded packets and a list of errors (empty if all is well).
---@param lines string[]
function contract.validate(lines)
  local errors = {}
  for i, line in ipairs(lines) do
    if not framing.is_packet_line(line) then errors[#errors + 1] = "line " .. i .. " has no marker at column 0" end
    if #line + 1 > framing.MAX_LINE_BYTES then errors[#errors + 1] = "line " .. i .. " is " .. (#line + 1) .. " bytes" end
    if line:find("\n", 1, true) then errors[#errors + 1] = "line " .. i .. " contains a newline" end
  end
  local packets, frame_errors = contract.reassemble(lines)
  for _, e in ipairs(frame_errors) do errors[#errors + 1] = e end
  local shapes = contract.shapes()
  local decoded = {}
  for _, p in ipairs(packets) do
    local ok, packet = pcall(cjson.decode, p.json)
    local where = "packet at line " .. p.first
    if not ok or type(packet) ~= "table" then
      errors[#errors + 1] = where .. " is not JSON: " .. tostring(packet)
    else
      decoded[#decoded + 1] = packet
      for k in pairs(packet) do
        if not contract.ENVELOPE[k] then errors[#errors + 1] = where .. " has extra envelope field " .. k end
      end
      for k in pairs(contract.ENVELOPE) do
        if packet[k] == nil then errors[#errors + 1] = where .. " lacks envelope field " .. k end
      end
      if packet.v ~= 1 then errors[#errors + 1] = where .. ": v must be 1" end
      for _, k in ipairs({ "tick", "seq" }) do
        if not (is_integer(packet[k]) and packet[k] >= 0) then errors[#errors + 1] = where .. ": " .. k .. " must be a non-negative integer" end
      end
      if p.split and p.seq ~= packet.seq then errors[#errors + 1] = where .. ": part id differs from seq" end
      local shape = shapes[packet.type]
      if not shape then
        errors[#errors + 1] = where .. ": unknown type " .. tostring(packet.type)
      elseif json_type(packet.data) ~= "object" then
        errors[#errors + 1] = where .. ": data is not an object"
      else
        for k, v in pairs(packet.data) do
          if not shape.keys[k] then
            errors[#errors + 1] = where .. ": unexpected data field " .. k
          elseif json_type(v) ~= shape.keys[k] then
            errors[#errors + 1] = where .. ": data." .. k .. " is " .. json_type(v) .. ", golden has " .. shape.keys[k]
          elseif shape.integers[k] and not is_integer(v) then
            errors[#errors + 1] = where .. ": data." .. k .. " must be an integer"
          end
        end
        for k in pairs(shape.required) do
          if packet.data[k] == nil then errors[#errors + 1] = where .. ": missing data field " .. k end
        end
        if packet.type == "player" then
          if not contract.PLAYER_EVENTS[packet.data.event] then errors[#errors + 1] = where .. ": unknown event " .. tostring(packet.data.event) end
          if type(packet.data.color) ~= "string" or not packet.data.color:match("^#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$") then
            errors[#errors + 1] = where .. ": bad color " .. tostring(packet.data.color)
          end
        end
      end
    end
  end
  return decoded, errors
end

return contract
