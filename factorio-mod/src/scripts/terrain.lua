--- Terrain: `chunk` (tiles + ores) and `chart` (the game's map pixels) packets for the chunks the
--- map force charts, `chunks-deleted`, the backfill of already-charted chunks and the admin commands
--- /kafkatorio-backfill and /kafkatorio-resync.
---
--- Everything that decides what is exported lives in storage (the queue, the backfill cursor, the
--- content hashes), and nothing in it depends on per-process state, so every peer of a multiplayer
--- game makes the same storage writes. Per tick at most MAX_LIVE_CHUNKS_PER_TICK charted chunks plus
--- the backfill setting's chunks are read, and the packets made stay within MAX_BYTES_PER_TICK (the
--- first chunk always goes), below the console's print budget so its queue drains.
local console = require("scripts.console")
local session = require("scripts.session")
local chunkcode = require("lib.chunkcode")
local chunk_queue = require("lib.chunk_queue")

local terrain = {}

terrain.MAX_LIVE_CHUNKS_PER_TICK = 4
--- Bytes of chunk/chart packets made per tick (estimated from the encoded content).
terrain.MAX_BYTES_PER_TICK = 24 * 1024
--- Backfill list entries examined (one is_chunk_charted each) per tick.
terrain.MAX_BACKFILL_VISITS_PER_TICK = 256
terrain.PROGRESS_STEP = 5

local FORCE_SETTING = "kafkatorio-map-force"
local BACKFILL_SETTING = "kafkatorio-backfill-chunks-per-tick"
local SURFACE_SPAN = 68719476736 -- 2^36: chunk id = surface * 2^36 + chunkcode.key(cx, cy)

---@class KafkatorioBackfill
---@field forced boolean export even if the stored hash matches (resync)
---@field surfaces integer[] surface indices, ascending
---@field listed integer surfaces listed so far (one per tick)
---@field lists table<integer, integer[]> per surface: chunk keys of its generated chunks
---@field si integer index into surfaces of the surface being visited
---@field li integer next index into lists[surfaces[si]]
---@field total integer chunks listed
---@field visited integer chunks examined
---@field exported integer chunks exported
---@field next_report integer next progress percentage to report
---@field by integer? player who asked (nil: the server or the mod itself)

---@class KafkatorioMapStorage
---@field hashes table<integer, table<integer, string>> per surface, per chunk key: hash of the last chunk packet
---@field ores table<integer, table<integer, string>> per surface, per chunk key: hash of the ore cells last read
---@field charts table<integer, table<integer, string>> per surface, per chunk key: hash of the last chart
---@field queue ChunkQueue charted chunks waiting to be exported (chunk ids)
---@field backfill KafkatorioBackfill?
---@field tiles table<integer, {palette: string[], index: table<string, integer>, tiles: integer[]}> pending tile batches per surface

---@type (fun(surface: LuaSurface, cx: integer, cy: integer, forced: boolean, backfill: boolean): integer)[]
local export_listeners = {}
---@type (fun(surface: integer, keys: integer[]?))[]
local forget_listeners = {}

--- Registers a function run after every chunk export (live chart, backfill or resync); it returns
--- the bytes it queued, counted in the per-tick budget. Call at require time.
function terrain.on_export(listener)
  export_listeners[#export_listeners + 1] = listener
end

--- Registers a function run when chunks (keys) or a whole surface (keys nil) are forgotten.
function terrain.on_forget(listener)
  forget_listeners[#forget_listeners + 1] = listener
end

-- module-local caches (re-read after a load or a setting change; never decide storage writes alone)
local force_name = nil ---@type string?
local chart_supported = nil ---@type boolean?

---@return KafkatorioMapStorage
function terrain.state()
  local s = storage.kafkatorio
  return s and s.map
end

---@return string
function terrain.force_name()
  if not force_name then force_name = settings.global[FORCE_SETTING].value --[[@as string]] end
  return force_name
end

---@return LuaForce?
function terrain.force()
  return game.forces[terrain.force_name()]
end

---@param surface integer
---@param cx integer
---@param cy integer
---@return integer
function terrain.chunk_id(surface, cx, cy)
  return surface * SURFACE_SPAN + chunkcode.key(cx, cy)
end

---@return integer surface, integer cx, integer cy
local function split_id(id)
  local key = id % SURFACE_SPAN
  local cx, cy = chunkcode.unkey(key)
  return (id - key) / SURFACE_SPAN, cx, cy
end

--- Forgets the stored hash of the chunk holding tile (x, y): its next charting re-exports it.
function terrain.mark_stale(surface, x, y)
  local hashes = terrain.state().hashes[surface]
  if hashes then hashes[chunkcode.key(chunkcode.chunk_of(x), chunkcode.chunk_of(y))] = nil end
end

---------------------------------------------------------------------------------------------------
-- reading a chunk

--- The 1024 tile names of a chunk. Instead of get_tile per tile (2048 API calls), the palette is
--- discovered with find_tiles_filtered{limit=1} excluding the names found so far, counted with
--- count_tiles_filtered, and only the tiles of the non-dominant names are read one by one:
--- about 4 calls per distinct name plus one per tile that is not of the most common name.
---@param surface LuaSurface
---@param area BoundingBox
---@param x0 integer
---@param y0 integer
---@return string[]
local function read_tiles(surface, area, x0, y0)
  local names, counts, total = {}, {}, 0
  while total < chunkcode.TILES do
    local filter = { area = area, limit = 1 }
    if #names > 0 then filter.name = names; filter.invert = true end
    local tile = surface.find_tiles_filtered(filter)[1]
    if not tile then break end
    local name = tile.name
    names[#names + 1] = name
    local n = surface.count_tiles_filtered({ area = area, name = name })
    counts[#counts + 1] = n
    total = total + n
    if n == 0 then break end -- defensive: never loop on a filter the game reads differently
  end
  local grid = {}
  if #names == 0 then
    for i = 1, chunkcode.TILES do grid[i] = "out-of-map" end
    return grid
  end
  local dominant = 1
  for i = 2, #names do
    if counts[i] > counts[dominant] then dominant = i end
  end
  for i = 1, chunkcode.TILES do grid[i] = names[dominant] end
  for i = 1, #names do
    if i ~= dominant then
      local name = names[i]
      local tiles = surface.find_tiles_filtered({ area = area, name = name })
      for j = 1, #tiles do
        local p = tiles[j].position
        grid[(math.floor(p.y) - y0) * 32 + (math.floor(p.x) - x0) + 1] = name
      end
    end
  end
  return grid
end

---@param surface LuaSurface
---@param area BoundingBox
local function read_ores(surface, area, x0, y0)
  local list = {}
  local entities = surface.find_entities_filtered({ area = area, type = "resource" })
  for i = 1, #entities do
    local e = entities[i]
    local p = e.position
    local dx, dy = math.floor(p.x) - x0, math.floor(p.y) - y0
    if dx >= 0 and dx < 32 and dy >= 0 and dy < 32 then
      list[#list + 1] = { name = e.name, dx = dx, dy = dy, amount = e.amount }
    end
  end
  return chunkcode.encode_ores(list)
end

---@param force LuaForce
---@return boolean
local function has_chunk_chart(force)
  if chart_supported == nil then
    chart_supported = pcall(function() return force.get_chunk_chart end)
  end
  return chart_supported
end

--- Exports one chunk: a `chunk` packet if its content hash changed (or forced), a `chart` packet
--- if the game's chart of it changed (where get_chunk_chart exists). Returns the bytes queued.
---@param surface LuaSurface
---@param force LuaForce
---@return integer
local function export(surface, force, cx, cy, forced, backfill)
  local state = terrain.state()
  local index = surface.index
  local key = chunkcode.key(cx, cy)
  local x0, y0 = cx * 32, cy * 32
  local area = chunkcode.area(cx, cy)
  local bytes = 0
  state.hashes[index] = state.hashes[index] or {}
  state.ores[index] = state.ores[index] or {}
  local ores = read_ores(surface, area, x0, y0)
  local ore_hash = chunkcode.fnv1a(table.concat(ores.cells, ","))
  -- tiles only change through tile events, which forget the stored hash (mark_stale): a chunk with
  -- a stored hash and the same ores is unchanged, so a re-chart costs one resource search
  local known = state.hashes[index][key] ~= nil and state.ores[index][key] == ore_hash
  if forced or not known then
    local palette, runs = chunkcode.encode_tiles(read_tiles(surface, area, x0, y0))
    local hash, size = chunkcode.hash(palette, runs, ores)
    if forced or state.hashes[index][key] ~= hash then
      console.emit("chunk", { surface = index, cx = cx, cy = cy, force = force.name, hash = hash,
        palette = palette, runs = runs, ores = ores })
      bytes = bytes + size + 120
    end
    state.hashes[index][key] = hash
    state.ores[index][key] = ore_hash
  end
  if has_chunk_chart(force) then
    local ok, pixels = pcall(force.get_chunk_chart, surface, { x = cx, y = cy })
    if ok and pixels then
      local chart_hash = chunkcode.fnv1a(pixels)
      state.charts[index] = state.charts[index] or {}
      if forced or state.charts[index][key] ~= chart_hash then
        local data = helpers.encode_string(pixels)
        if data then
          state.charts[index][key] = chart_hash
          console.emit("chart", { surface = index, cx = cx, cy = cy, force = force.name, data = data })
          bytes = bytes + #data + 100
        end
      end
    end
  end
  for i = 1, #export_listeners do
    bytes = bytes + export_listeners[i](surface, cx, cy, forced == true, backfill == true)
  end
  return bytes
end

---------------------------------------------------------------------------------------------------
-- backfill

---@param text string
local function report(backfill, text)
  log("kafkatorio: " .. text)
  console.plain(text)
  if backfill.by then
    local player = game.get_player(backfill.by)
    if player and player.valid then player.print(text) end
  end
end

--- Starts (or restarts) a backfill of every charted chunk of every surface.
---@param forced boolean bypass the stored hashes (resync)
---@param by integer? the player who asked
function terrain.start_backfill(forced, by)
  local surfaces = {}
  for _, surface in pairs(game.surfaces) do surfaces[#surfaces + 1] = surface.index end
  table.sort(surfaces)
  local backfill = { forced = forced, surfaces = surfaces, listed = 0, lists = {}, si = 1, li = 1, total = 0,
    visited = 0, exported = 0, next_report = terrain.PROGRESS_STEP, by = by }
  terrain.state().backfill = backfill
  report(backfill, string.format("backfill started (%d surfaces%s)", #surfaces, forced and ", resync" or ""))
end

---@param budget {chunks: integer, bytes: integer}
local function produce_backfill(budget)
  local state = terrain.state()
  local backfill = state.backfill
  if not backfill then return end
  if backfill.listed < #backfill.surfaces then
    -- one surface listed per tick: one iterator step per generated chunk
    backfill.listed = backfill.listed + 1
    local index = backfill.surfaces[backfill.listed]
    local surface = game.get_surface(index)
    local keys = {}
    if surface and surface.valid then
      for chunk in surface.get_chunks() do keys[#keys + 1] = chunkcode.key(chunk.x, chunk.y) end
    end
    backfill.lists[index] = keys
    backfill.total = backfill.total + #keys
    return
  end
  local force = terrain.force()
  local chunks = settings.global[BACKFILL_SETTING].value --[[@as integer]]
  local visits = 0
  while backfill.si <= #backfill.surfaces do
    local index = backfill.surfaces[backfill.si]
    local list = backfill.lists[index] or {}
    local surface = game.get_surface(index)
    if backfill.li > #list or not (surface and surface.valid) then
      backfill.visited = backfill.visited + math.max(0, #list - backfill.li + 1)
      backfill.lists[index] = nil
      backfill.si, backfill.li = backfill.si + 1, 1
    else
      if chunks <= 0 or visits >= terrain.MAX_BACKFILL_VISITS_PER_TICK or budget.bytes <= 0 then break end
      local cx, cy = chunkcode.unkey(list[backfill.li])
      backfill.li = backfill.li + 1
      backfill.visited = backfill.visited + 1
      visits = visits + 1
      if force and force.is_chunk_charted(surface, { x = cx, y = cy }) then
        budget.bytes = budget.bytes - export(surface, force, cx, cy, backfill.forced, true)
        chunks = chunks - 1
        backfill.exported = backfill.exported + 1
      end
    end
  end
  local pct = backfill.total > 0 and math.floor(backfill.visited * 100 / backfill.total) or 100
  if backfill.si > #backfill.surfaces then pct = 100 end
  if backfill.total > 0 and pct >= backfill.next_report and pct < 100 then
    local step = pct - pct % terrain.PROGRESS_STEP
    report(backfill, string.format("backfill %d%% (%d/%d chunks examined, %d exported)", step,
      backfill.visited, backfill.total, backfill.exported))
    backfill.next_report = step + terrain.PROGRESS_STEP
  end
  if backfill.si > #backfill.surfaces then
    report(backfill, string.format("backfill done: %d chunks examined, %d exported", backfill.total, backfill.exported))
    state.backfill = nil
  end
end

---------------------------------------------------------------------------------------------------
-- per tick

---@param tick integer
local function produce(tick)
  local state = terrain.state()
  if not state then return end -- a save from before schema 2 until on_configuration_changed
  local budget = { chunks = terrain.MAX_LIVE_CHUNKS_PER_TICK, bytes = terrain.MAX_BYTES_PER_TICK }
  local queue = state.queue
  if chunk_queue.size(queue) > 0 then
    local force = terrain.force()
    while budget.chunks > 0 and budget.bytes > 0 do
      local id, forced = chunk_queue.pop(queue)
      if not id then break end
      local index, cx, cy = split_id(id)
      local surface = game.get_surface(index)
      if force and surface and surface.valid then
        budget.bytes = budget.bytes - export(surface, force, cx, cy, forced)
        budget.chunks = budget.chunks - 1
      end
    end
  end
  produce_backfill(budget)
end
console.add_producer(produce)

---------------------------------------------------------------------------------------------------
-- events

---@param event EventData.on_chunk_charted
local function on_chunk_charted(event)
  if not terrain.state() then return end
  local force = event.force
  if not (force and force.valid) or force.name ~= terrain.force_name() then return end
  local p = event.position
  chunk_queue.push(terrain.state().queue, terrain.chunk_id(event.surface_index, p.x, p.y))
end

---@param event EventData.on_chunk_deleted
local function on_chunk_deleted(event)
  local state = terrain.state()
  local index = event.surface_index
  local chunks, gone, keys = {}, {}, {}
  for _, p in ipairs(event.positions) do
    chunks[#chunks + 1] = p.x
    chunks[#chunks + 1] = p.y
    local key = chunkcode.key(p.x, p.y)
    keys[#keys + 1] = key
    gone[terrain.chunk_id(index, p.x, p.y)] = true
    if state.hashes[index] then state.hashes[index][key] = nil end
    if state.charts[index] then state.charts[index][key] = nil end
    if state.ores[index] then state.ores[index][key] = nil end
  end
  chunk_queue.remove_if(state.queue, function(id) return gone[id] == true end)
  for i = 1, #forget_listeners do forget_listeners[i](index, keys) end
  if #chunks > 0 then console.emit("chunks-deleted", { surface = index, chunks = chunks }) end
end

--- Forgets everything known about a surface (deleted or cleared).
---@param index integer
function terrain.forget_surface(index)
  local state = terrain.state()
  state.hashes[index], state.ores[index], state.charts[index], state.tiles[index] = nil, nil, nil, nil
  chunk_queue.remove_if(state.queue, function(id) return (id - id % SURFACE_SPAN) / SURFACE_SPAN == index end)
  if state.backfill then state.backfill.lists[index] = nil end
  for i = 1, #forget_listeners do forget_listeners[i](index, nil) end
end

---@param event EventData.on_runtime_mod_setting_changed
local function on_runtime_mod_setting_changed(event)
  if event.setting == FORCE_SETTING then
    force_name = nil
    -- the public map now shows another side: re-send everything that side has charted
    terrain.start_backfill(true, nil)
  end
end

---------------------------------------------------------------------------------------------------
-- commands

--- Server console (no player) or an admin.
---@param command CustomCommandData
---@return boolean
local function allowed(command)
  if not command.player_index then return true end
  local player = game.get_player(command.player_index)
  if not (player and player.valid) then return false end
  if player.admin then return true end
  player.print("/" .. command.name .. " is for admins only")
  return false
end

local function add_commands()
  commands.add_command("kafkatorio-backfill",
    "Exports every chunk already charted by the map force (admins only).", function(command)
      if not allowed(command) then return end
      terrain.start_backfill(false, command.player_index)
    end)
  commands.add_command("kafkatorio-resync",
    "Re-sends surfaces, prototypes, players and every charted chunk, ignoring what was sent before (admins only).",
    function(command)
      if not allowed(command) then return end
      session.resend()
      terrain.start_backfill(true, command.player_index)
    end)
end

---------------------------------------------------------------------------------------------------

local function ensure_storage()
  local s = storage.kafkatorio
  if s.map then return false end
  s.map = { hashes = {}, ores = {}, charts = {}, queue = chunk_queue.new(), backfill = nil, tiles = {} }
  return true
end

terrain.on_init = function()
  ensure_storage()
  -- added to an existing save: export what is already charted (a new game lists nothing)
  terrain.start_backfill(false, nil)
end

terrain.on_configuration_changed = function()
  if ensure_storage() then terrain.start_backfill(false, nil) end
end

terrain.on_load = function()
  force_name, chart_supported = nil, nil
end

terrain.add_commands = add_commands

terrain.events = {
  [defines.events.on_chunk_charted] = on_chunk_charted,
  [defines.events.on_chunk_deleted] = on_chunk_deleted,
  [defines.events.on_runtime_mod_setting_changed] = on_runtime_mod_setting_changed,
}

return terrain
