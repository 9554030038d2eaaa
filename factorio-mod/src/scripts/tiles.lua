--- Tile changes: built and mined tiles (players, robots, platforms, scripts) as `tiles` packets,
--- batched per surface and flushed every FLUSH_TICKS ticks (or when a batch reaches MAX_BATCH
--- tiles). The NEW tile is read from the surface (for a mined tile, the one uncovered). Only chunks
--- the map force has charted are reported, and their stored hash is forgotten so the next
--- charting re-exports them. Batches live in storage, so a save between the change and the flush
--- loses nothing and every peer writes the same storage.
local console = require("scripts.console")
local terrain = require("scripts.terrain")
local chunkcode = require("lib.chunkcode")

local tiles = {}

tiles.FLUSH_TICKS = 10
tiles.MAX_BATCH = 1000

---@param index integer
local function flush(index)
  local batches = terrain.state().tiles
  local batch = batches[index]
  if not batch then return end
  batches[index] = nil
  if #batch.tiles > 0 then
    console.emit("tiles", { surface = index, palette = batch.palette, tiles = batch.tiles })
  end
end

local function flush_all()
  local indices = {}
  for index in pairs(terrain.state().tiles) do indices[#indices + 1] = index end
  table.sort(indices)
  for _, index in ipairs(indices) do flush(index) end
end

---@param event {surface_index: integer, tiles: OldTileAndPosition[]}
local function on_tiles_changed(event)
  local index = event.surface_index
  local surface = game.get_surface(index)
  local force = terrain.force()
  if not (surface and surface.valid and force and terrain.state()) then return end
  local batches = terrain.state().tiles
  local charted = {} -- per chunk key, for this event
  for _, changed in ipairs(event.tiles) do
    local x, y = math.floor(changed.position.x), math.floor(changed.position.y)
    local cx, cy = chunkcode.chunk_of(x), chunkcode.chunk_of(y)
    local key = chunkcode.key(cx, cy)
    if charted[key] == nil then charted[key] = force.is_chunk_charted(surface, { x = cx, y = cy }) end
    if charted[key] then
      local name = surface.get_tile(x, y).name
      local batch = batches[index]
      if not batch then
        batch = { palette = {}, index = {}, tiles = {} }
        batches[index] = batch
      end
      local p = batch.index[name]
      if not p then
        p = #batch.palette
        batch.palette[p + 1] = name
        batch.index[name] = p
      end
      local list = batch.tiles
      list[#list + 1] = x
      list[#list + 1] = y
      list[#list + 1] = p
      terrain.mark_stale(index, x, y)
      if #list >= tiles.MAX_BATCH * 3 then flush(index) end
    end
  end
end

---@param tick integer
local function produce(tick)
  if tick % tiles.FLUSH_TICKS ~= 0 then return end
  local state = terrain.state()
  if not (state and next(state.tiles)) then return end
  flush_all()
end
console.add_producer(produce)

tiles.events = {
  [defines.events.on_player_built_tile] = on_tiles_changed,
  [defines.events.on_robot_built_tile] = on_tiles_changed,
  [defines.events.on_player_mined_tile] = on_tiles_changed,
  [defines.events.on_robot_mined_tile] = on_tiles_changed,
  [defines.events.script_raised_set_tiles] = on_tiles_changed,
  [defines.events.on_space_platform_built_tile] = on_tiles_changed,
  [defines.events.on_space_platform_mined_tile] = on_tiles_changed,
}

return tiles
