--- The emulator's map: map colours from spec/data/map-colors-2.0.77.json (the real prototype
--- colours) and a deterministic terrain generator (fBm value noise from a seed -> real tile names,
--- ore patches as resource entities with amounts, a few crude-oil wells).
local cjson = require("cjson")

local world = {}

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."

local colours
--- {tiles = {name -> {r,g,b} 0..255}, resources = {...}} from the committed colour file.
function world.colours()
  if not colours then
    local f = assert(io.open(here .. "/../data/map-colors-2.0.77.json", "rb"))
    local raw = cjson.decode(f:read("*a"))
    f:close()
    colours = { tiles = {}, resources = {} }
    for name, c in pairs(raw.tiles) do colours.tiles[name] = c.rgb end
    for name, c in pairs(raw.resources) do colours.resources[name] = c.rgb end
  end
  return colours
end

-- integer hash of (x, y, seed) -> [0, 1)
local lattice_cache = {}
local function lattice_raw(ix, iy, seed)
  local h = (ix * 374761393 + iy * 668265263 + seed * 2246822519) % 4294967296
  h = bit32.bxor(h, bit32.rshift(h, 13))
  h = (h * 1274126177) % 4294967296
  h = bit32.bxor(h, bit32.rshift(h, 16))
  return h / 4294967296
end

local function lattice(ix, iy, seed)
  local per_seed = lattice_cache[seed]
  if not per_seed then per_seed = {}; lattice_cache[seed] = per_seed end
  local k = ix * 1048576 + iy
  local v = per_seed[k]
  if not v then v = lattice_raw(ix, iy, seed); per_seed[k] = v end
  return v
end

local function smooth(t) return t * t * (3 - 2 * t) end

--- Value noise in [0, 1) at (x, y) with lattice spacing `scale`.
function world.value_noise(x, y, scale, seed)
  local fx, fy = x / scale, y / scale
  local ix, iy = math.floor(fx), math.floor(fy)
  local tx, ty = smooth(fx - ix), smooth(fy - iy)
  local a, b = lattice(ix, iy, seed), lattice(ix + 1, iy, seed)
  local c, d = lattice(ix, iy + 1, seed), lattice(ix + 1, iy + 1, seed)
  local top, bottom = a + (b - a) * tx, c + (d - c) * tx
  return top + (bottom - top) * ty
end

--- Fractal Brownian motion: `octaves` of value noise, each half the scale and half the weight.
function world.fbm(x, y, scale, seed, octaves)
  local sum, weight, total = 0, 1, 0
  for o = 1, octaves do
    sum = sum + world.value_noise(x, y, scale, seed + o * 101) * weight
    total = total + weight
    weight, scale = weight * 0.5, scale * 0.5
  end
  return sum / total
end

local NAUVIS_ORES = { "iron-ore", "copper-ore", "coal", "stone", "uranium-ore" }

--- Generators by planet: fn(x, y, seed) -> tile name; ore(x, y, seed) -> name, amount | nil.
world.generators = {
  nauvis = {
    tile = function(x, y, seed)
      local h = world.fbm(x, y, 96, seed, 3)
      if h < 0.30 then return "deepwater" end
      if h < 0.36 then return "water" end
      if h < 0.375 then return "sand-1" end
      if h < 0.39 then return "sand-2" end
      if h < 0.40 then return "sand-3" end
      local desert = world.fbm(x, y, 160, seed + 7, 2)
      local detail = world.value_noise(x, y, 6, seed + 13)
      if desert > 0.70 then return "red-desert-" .. math.min(3, math.floor((desert - 0.70) * 30 + detail * 1.5)) end
      if desert > 0.58 then return detail < 0.5 and "dry-dirt" or "dirt-" .. (1 + math.floor(detail * 13) % 7) end
      return "grass-" .. (1 + math.floor(h * 7 + detail * 2) % 4)
    end,
    ore = function(x, y, seed, tile)
      if tile == "deepwater" or tile == "water" then return nil end
      local patch = world.fbm(x, y, 40, seed + 31, 2)
      if patch < 0.74 then
        -- crude oil: rare single wells
        if x % 7 == 3 and y % 9 == 4 and world.value_noise(x, y, 24, seed + 77) > 0.83 then
          return "crude-oil", 30000 + math.floor(lattice_raw(x, y, seed + 5) * 270000)
        end
        return nil
      end
      local which = NAUVIS_ORES[1 + math.floor(world.value_noise(x, y, 200, seed + 41) * 5) % 5]
      return which, math.floor((patch - 0.74) * 40000) + 150
    end,
  },
  vulcanus = {
    tile = function(x, y, seed)
      local h = world.fbm(x, y, 80, seed, 3)
      if h < 0.30 then return "lava" end
      if h < 0.33 then return "lava-hot" end
      if h < 0.42 then return "volcanic-cracks-warm" end
      local d = world.value_noise(x, y, 7, seed + 3)
      if h < 0.55 then return d < 0.5 and "volcanic-ash-flats" or "volcanic-ash-light" end
      if h < 0.68 then return d < 0.5 and "volcanic-ash-dark" or "volcanic-ash-cracks" end
      return d < 0.5 and "volcanic-folds" or "volcanic-smooth-stone"
    end,
    ore = function(x, y, seed, tile)
      if tile == "lava" or tile == "lava-hot" then return nil end
      local patch = world.fbm(x, y, 36, seed + 17, 2)
      if patch < 0.72 then return nil end
      local which = world.value_noise(x, y, 150, seed + 9) < 0.5 and "tungsten-ore" or "coal"
      return which, math.floor((patch - 0.72) * 15000) + 100
    end,
  },
  flat = {
    tile = function() return "grass-1" end,
    ore = function() return nil end,
  },
}

--- Generates one chunk: {tiles = 1024 names (dy*32+dx+1), ores = {{name, x, y, amount}...}}.
function world.generate(generator, seed, cx, cy)
  local gen = world.generators[generator] or world.generators.flat
  local tiles, ores = {}, {}
  for dy = 0, 31 do
    for dx = 0, 31 do
      local x, y = cx * 32 + dx, cy * 32 + dy
      local tile = gen.tile(x, y, seed)
      tiles[dy * 32 + dx + 1] = tile
      local ore, amount = gen.ore(x, y, seed, tile)
      if ore then ores[#ores + 1] = { name = ore, x = x + 0.5, y = y + 0.5, amount = amount } end
    end
  end
  return { tiles = tiles, ores = ores }
end

--- RGB565 little-endian pixels of a chunk (what LuaForce.get_chunk_chart returns): the tile's
--- map colour, or the resource's where there is one.
function world.chart(chunk, cx, cy)
  local c = world.colours()
  local ore_at = {}
  for _, ore in ipairs(chunk.ores) do
    ore_at[(math.floor(ore.y) - cy * 32) * 32 + (math.floor(ore.x) - cx * 32) + 1] = ore.name
  end
  local bytes = {}
  for i = 1, 1024 do
    local rgb = (ore_at[i] and c.resources[ore_at[i]]) or c.tiles[chunk.tiles[i]] or { 0, 0, 0 }
    local v = math.floor(rgb[1] / 8) * 2048 + math.floor(rgb[2] / 4) * 32 + math.floor(rgb[3] / 8)
    bytes[i] = string.char(v % 256, math.floor(v / 256))
  end
  return table.concat(bytes)
end

return world
