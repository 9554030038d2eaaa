--- helpers.encode_string as the emulator does it: zlib (RFC 1950) around deflate (RFC 1951) using
--- only "stored" (uncompressed) blocks, then standard base64 with padding. Stored blocks are valid
--- deflate, so java.util.zip.Inflater (and every zlib) reads the result; the game compresses for
--- real, so its strings are shorter but decode the same way. `decode` inflates stored blocks only.
local zlib = {}

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

function zlib.adler32(s)
  local a, b = 1, 0
  for i = 1, #s do
    a = (a + s:byte(i)) % 65521
    b = (b + a) % 65521
  end
  return b * 65536 + a
end

local function u16le(n) return string.char(n % 256, math.floor(n / 256) % 256) end

function zlib.deflate_stored(s)
  local out = { "\120\1" } -- CMF 0x78 (deflate, 32K window), FLG 0x01 (no dictionary, check bits)
  local pos, len = 1, #s
  repeat
    local n = math.min(65535, len - pos + 1)
    local final = (pos + n > len) and 1 or 0
    out[#out + 1] = string.char(final) .. u16le(n) .. u16le(65535 - n) .. s:sub(pos, pos + n - 1)
    pos = pos + n
  until pos > len
  local a = zlib.adler32(s)
  out[#out + 1] = string.char(math.floor(a / 16777216) % 256, math.floor(a / 65536) % 256, math.floor(a / 256) % 256, a % 256)
  return table.concat(out)
end

function zlib.base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local q = { math.floor(n / 262144) % 64, math.floor(n / 4096) % 64, math.floor(n / 64) % 64, n % 64 }
    out[#out + 1] = B64:sub(q[1] + 1, q[1] + 1) .. B64:sub(q[2] + 1, q[2] + 1) ..
        (b and B64:sub(q[3] + 1, q[3] + 1) or "=") .. (c and B64:sub(q[4] + 1, q[4] + 1) or "=")
  end
  return table.concat(out)
end

function zlib.unbase64(s)
  local map = {}
  for i = 1, 64 do map[B64:sub(i, i)] = i - 1 end
  local out = {}
  s = s:gsub("=", "")
  for i = 1, #s, 4 do
    local chunk = s:sub(i, i + 3)
    local n, bits = 0, 0
    for j = 1, #chunk do n = n * 64 + map[chunk:sub(j, j)]; bits = bits + 6 end
    local bytes = math.floor(bits / 8)
    n = math.floor(n / 2 ^ (bits - bytes * 8))
    local t = {}
    for j = bytes, 1, -1 do t[j] = string.char(n % 256); n = math.floor(n / 256) end
    out[#out + 1] = table.concat(t)
  end
  return table.concat(out)
end

function zlib.encode_string(s)
  return zlib.base64(zlib.deflate_stored(s))
end

--- Inverse of encode_string (stored blocks only); checks the header and the adler32.
function zlib.decode_string(b64)
  local z = zlib.unbase64(b64)
  assert(z:byte(1) == 0x78 and (z:byte(1) * 256 + z:byte(2)) % 31 == 0, "bad zlib header")
  local pos, out = 3, {}
  while true do
    local header = z:byte(pos)
    assert(header % 8 == 0 or header % 8 == 1, "not a stored block")
    local n = z:byte(pos + 1) + z:byte(pos + 2) * 256
    out[#out + 1] = z:sub(pos + 5, pos + 4 + n)
    pos = pos + 5 + n
    if header % 2 == 1 then break end
  end
  local s = table.concat(out)
  local a = ((z:byte(pos) * 256 + z:byte(pos + 1)) * 256 + z:byte(pos + 2)) * 256 + z:byte(pos + 3)
  assert(a == zlib.adler32(s), "adler32 mismatch")
  return s
end

return zlib
