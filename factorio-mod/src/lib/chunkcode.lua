--- Chunk maths and the terrain encoding of `chunk` packets. Pure: never touches game or storage.
---
--- A chunk's 1024 tiles are run-length encoded row by row (y outer, x inner) from the chunk's
--- north-west corner: `palette` lists the tile names in first-seen order, `runs` holds pairs
--- [palette index (0-based), run length]. Ores are quadruples [ore palette index, dx, dy, amount]
--- sorted by (dy, dx, name). The content hash is FNV-1a 32-bit over a canonical text of all three.
local chunkcode = {}

chunkcode.SIZE = 32
chunkcode.TILES = 1024

local OFFSET = 131072 -- 2^17: chunk coordinates are within ±65536 (protocol MAX_CHUNK_COORD)
local SPAN = 262144 -- 2^18

--- One number per chunk of one surface (usable as a table key; deterministic iteration order).
---@param cx integer
---@param cy integer
---@return integer
function chunkcode.key(cx, cy)
  return (cx + OFFSET) * SPAN + (cy + OFFSET)
end

---@param key integer
---@return integer cx, integer cy
function chunkcode.unkey(key)
  local cy = key % SPAN
  return (key - cy) / SPAN - OFFSET, cy - OFFSET
end

--- Chunk coordinate of a tile coordinate.
---@param t number
---@return integer
function chunkcode.chunk_of(t)
  return math.floor(t / 32)
end

--- The tile area of a chunk, as a BoundingBox.
---@return BoundingBox
function chunkcode.area(cx, cy)
  return { left_top = { x = cx * 32, y = cy * 32 }, right_bottom = { x = cx * 32 + 32, y = cy * 32 + 32 } }
end

--- Run-length encodes a grid of 1024 tile names (index = dy * 32 + dx + 1).
---@param grid string[]
---@return string[] palette, integer[] runs
function chunkcode.encode_tiles(grid)
  local palette, index, runs = {}, {}, {}
  local current, length = nil, 0
  for i = 1, chunkcode.TILES do
    local name = grid[i]
    local p = index[name]
    if not p then
      p = #palette
      palette[p + 1] = name
      index[name] = p
    end
    if p == current then
      length = length + 1
    else
      if current then runs[#runs + 1] = current; runs[#runs + 1] = length end
      current, length = p, 1
    end
  end
  runs[#runs + 1] = current
  runs[#runs + 1] = length
  return palette, runs
end

--- Inverse of encode_tiles (for specs and tools).
---@return string[] grid
function chunkcode.decode_tiles(palette, runs)
  local grid = {}
  for i = 1, #runs, 2 do
    local name = palette[runs[i] + 1]
    for _ = 1, runs[i + 1] do grid[#grid + 1] = name end
  end
  return grid
end

--- Encodes resource entities {name=, dx=, dy=, amount=} as {palette, cells}.
---@param list {name: string, dx: integer, dy: integer, amount: integer}[]
---@return {palette: string[], cells: integer[]}
function chunkcode.encode_ores(list)
  table.sort(list, function(a, b)
    if a.dy ~= b.dy then return a.dy < b.dy end
    if a.dx ~= b.dx then return a.dx < b.dx end
    if a.name ~= b.name then return a.name < b.name end
    return a.amount < b.amount
  end)
  local palette, index, cells = {}, {}, {}
  for _, ore in ipairs(list) do
    local p = index[ore.name]
    if not p then
      p = #palette
      palette[p + 1] = ore.name
      index[ore.name] = p
    end
    cells[#cells + 1] = p
    cells[#cells + 1] = ore.dx
    cells[#cells + 1] = ore.dy
    cells[#cells + 1] = ore.amount
  end
  return { palette = palette, cells = cells }
end

--- FNV-1a 32-bit of a string, as 8 lower-case hex digits.
---@param s string
---@return string
function chunkcode.fnv1a(s)
  local h = 2166136261
  local bxor, byte = bit32.bxor, string.byte
  for i = 1, #s do
    h = bxor(h, byte(s, i))
    -- h * 16777619 mod 2^32 without losing precision in doubles: split the prime 2^24 + 403
    h = (h * 403 + (h * 16777216) % 4294967296) % 4294967296
  end
  return string.format("%08x", h)
end

--- The canonical text of a chunk's content (what the hash covers).
---@return string
function chunkcode.canonical(palette, runs, ores)
  return table.concat(palette, ",") .. "|" .. table.concat(runs, ",") .. "|" ..
      table.concat(ores.palette, ",") .. "|" .. table.concat(ores.cells, ",")
end

--- Content hash of a chunk export.
---@return string hash, integer size length of the canonical text (close to the JSON size)
function chunkcode.hash(palette, runs, ores)
  local text = chunkcode.canonical(palette, runs, ores)
  return chunkcode.fnv1a(text), #text
end

return chunkcode
