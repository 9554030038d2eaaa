--- Entity reconciliation: `chunk-entities` snapshots (every entity whose position lies in a chunk)
--- and the per-chunk digests that decide when one is needed.
---
--- Scheme: `digests[surface][chunk key]` is the digest of the chunk's entities as the receiver
--- knows them (the last snapshot plus the lifecycle events reported since). A chunk gets its first
--- snapshot when terrain first exports it (and on backfill/resync). Reported lifecycle events put
--- the chunk in the queue as a *refresh*: within a few ticks its digest is recomputed and stored
--- without printing (the events told the receiver already). Events dropped by the per-tick cap put
--- it in the queue *forced*: a snapshot is printed. The walk visits every known chunk a few per
--- tick (setting `kafkatorio-reconcile-chunks-per-tick`) and prints a snapshot only where the
--- digest differs from the stored one, so a change nobody reported (a script with raise_event =
--- false, a missed event) heals itself within one pass. Everything here is in storage and depends
--- only on game state, so every peer writes the same.
local console = require("scripts.console")
local terrain = require("scripts.terrain")
local chunkcode = require("lib.chunkcode")
local chunk_queue = require("lib.chunk_queue")
local entitycode = require("lib.entitycode")
local expiring = require("lib.expiring")

local reconcile = {}

local SETTING = "kafkatorio-reconcile-chunks-per-tick"
--- Queued chunks (refreshes and forced snapshots) handled per tick.
reconcile.MAX_QUEUED_PER_TICK = 8
--- Estimated bytes of snapshots made per tick by the queue and the walk (the first always goes).
reconcile.MAX_BYTES_PER_TICK = 16 * 1024
reconcile.ATTRIBUTION_LIMIT = 4096

local SKIP, ENV = entitycode.SKIP_TYPES, entitycode.ENVIRONMENT_TYPES

---@type integer? cached setting (re-read after a load or a change)
local walk_per_tick = nil

---@type fun()? flushes pending lifecycle changes (scripts/entities.lua)
local flush_changes = nil

--- Registers the function that queues pending lifecycle changes: a snapshot is the truth at its
--- tick, so every change from before it must be queued (printed) before it.
function reconcile.set_flusher(fn)
  flush_changes = fn
end

---@class KafkatorioEntityStorage
---@field digests table<integer, table<integer, string>> per surface, per chunk key: digest the receiver knows
---@field queue ChunkQueue chunk ids to refresh (digest only) or, forced, to snapshot
---@field pass {ids: integer[], i: integer}? the walk over known chunks
---@field batches table<integer, {changes: table[], tick: integer, from: integer}> pending changes per surface
---@field tick integer tick of `used`
---@field used integer changes accepted in `tick`
---@field ghosts ExpiringMap place key -> player who placed the ghost
---@field orders ExpiringMap entity identity -> player who ordered its deconstruction
---@field upgrades ExpiringMap entity identity -> player who ordered its upgrade

---@return KafkatorioEntityStorage?
function reconcile.state()
  local s = storage.kafkatorio
  return s and s.entities
end

--- Creates storage.kafkatorio.entities if missing; true if it did.
function reconcile.ensure_storage()
  local s = storage.kafkatorio
  if s.entities then return false end
  s.entities = { digests = {}, queue = chunk_queue.new(), pass = nil, batches = {}, tick = 0, used = 0,
    ghosts = expiring.new(reconcile.ATTRIBUTION_LIMIT), orders = expiring.new(reconcile.ATTRIBUTION_LIMIT),
    upgrades = expiring.new(reconcile.ATTRIBUTION_LIMIT) }
  return true
end

--- The wire state of an entity (EntityState / the base of an EntityChange).
---@param e LuaEntity
---@return table
function reconcile.describe(e)
  local p = e.position
  local quality = e.quality
  return { unit = e.unit_number, name = e.name, type = e.type, x = p.x, y = p.y, dir = e.direction,
    force = e.force.name, quality = quality and quality.name or nil }
end

--- Every entity whose position lies in the chunk: the map force's (minus skipped types) and
--- trees, rocks and cliffs of any force. Resources and ghosts are never included.
---@param surface LuaSurface
---@return table[]
function reconcile.read(surface, force_name, cx, cy)
  local area = chunkcode.area(cx, cy)
  local x0, y0 = cx * 32, cy * 32
  local out = {}
  local function add(list, environment)
    for i = 1, #list do
      local e = list[i]
      local t = e.type
      if not SKIP[t] and (environment or not ENV[t]) then
        local p = e.position
        if p.x >= x0 and p.x < x0 + 32 and p.y >= y0 and p.y < y0 + 32 then
          out[#out + 1] = reconcile.describe(e)
        end
      end
    end
  end
  add(surface.find_entities_filtered({ area = area, force = force_name }), false)
  add(surface.find_entities_filtered({ area = area, type = entitycode.ENVIRONMENT_TYPE_LIST }), true)
  return entitycode.sort(out)
end

--- Reads a chunk and, if `mode` asks for it, prints its snapshot; stores the digest.
--- mode: "snapshot" (always print), "check" (print if the digest differs), "refresh" (store
--- silently unless nothing was stored yet). Returns the estimated bytes queued.
---@param surface LuaSurface
---@return integer
local function visit(surface, cx, cy, mode)
  local st = reconcile.state()
  local index = surface.index
  local list = reconcile.read(surface, terrain.force_name(), cx, cy)
  local digest = entitycode.digest(list)
  local digests = st.digests[index]
  if not digests then digests = {}; st.digests[index] = digests end
  local key = chunkcode.key(cx, cy)
  local known = digests[key]
  digests[key] = digest
  if mode == "snapshot" or known == nil or (mode == "check" and known ~= digest) then
    if flush_changes then flush_changes() end
    console.emit("chunk-entities", { surface = index, cx = cx, cy = cy, digest = digest, entities = list })
    return 80 + 110 * #list
  end
  return 0
end

--- The chunk holding (x, y) had events reported: refresh its digest soon.
function reconcile.touch(surface, x, y)
  local st = reconcile.state()
  if not st then return end
  chunk_queue.push(st.queue, terrain.chunk_id(surface, chunkcode.chunk_of(x), chunkcode.chunk_of(y)))
end

--- The chunk holding (x, y) had events dropped: snapshot it soon.
function reconcile.dirty(surface, x, y)
  local st = reconcile.state()
  if not st then return end
  chunk_queue.push(st.queue, terrain.chunk_id(surface, chunkcode.chunk_of(x), chunkcode.chunk_of(y)), true)
end

local SURFACE_SPAN = 68719476736

local function split(id)
  local key = id % SURFACE_SPAN
  local cx, cy = chunkcode.unkey(key)
  return (id - key) / SURFACE_SPAN, cx, cy, key
end

local function new_pass(st)
  local ids = {}
  for index, digests in pairs(st.digests) do
    for key in pairs(digests) do ids[#ids + 1] = index * SURFACE_SPAN + key end
  end
  table.sort(ids)
  st.pass = { ids = ids, i = 1 }
end

---@param tick integer
local function produce(tick)
  local st = reconcile.state()
  if not st then return end
  if chunk_queue.size(st.queue) == 0 and next(st.digests) == nil then return end -- nothing known yet
  if not terrain.force() then return end
  local budget = reconcile.MAX_BYTES_PER_TICK
  local handled = 0
  while handled < reconcile.MAX_QUEUED_PER_TICK and budget > 0 do
    local id, forced = chunk_queue.pop(st.queue)
    if not id then break end
    handled = handled + 1
    local index, cx, cy = split(id)
    local surface = game.get_surface(index)
    -- a forced snapshot may come from a dropped event: never show a chunk the map force has not seen
    if surface and surface.valid and (not forced or terrain.force().is_chunk_charted(surface, { x = cx, y = cy })) then
      budget = budget - visit(surface, cx, cy, forced and "snapshot" or "refresh")
    end
  end
  if not walk_per_tick then walk_per_tick = settings.global[SETTING].value --[[@as integer]] end
  local walk = walk_per_tick
  if walk <= 0 then return end
  if not st.pass or st.pass.i > #st.pass.ids then
    if next(st.digests) == nil then return end
    new_pass(st) -- listing is Lua-only work; the visits start next tick
    return
  end
  local pass = st.pass
  while walk > 0 and budget > 0 and pass.i <= #pass.ids do
    local index, cx, cy, key = split(pass.ids[pass.i])
    pass.i = pass.i + 1
    local surface = game.get_surface(index)
    if surface and surface.valid and st.digests[index] and st.digests[index][key] then
      budget = budget - visit(surface, cx, cy, "check")
      walk = walk - 1
    end
  end
end
console.add_producer(produce)

-- terrain exported a chunk: its first export (or a backfill/resync) brings the entity snapshot
terrain.on_export(function(surface, cx, cy, forced, backfill)
  local st = reconcile.state()
  if not st then return 0 end
  local digests = st.digests[surface.index]
  local known = digests and digests[chunkcode.key(cx, cy)] ~= nil
  if forced then return visit(surface, cx, cy, "snapshot") end
  if not known then return visit(surface, cx, cy, "refresh") end
  if backfill then return visit(surface, cx, cy, "check") end
  return 0
end)

-- a deleted surface or a cleared one forgets its digests (the receiver clears its entities on the
-- surface/chunks-deleted packets; no per-entity packets)
terrain.on_forget(function(index, keys)
  local st = reconcile.state()
  if not st then return end
  if keys then
    local digests = st.digests[index]
    if digests then for _, key in ipairs(keys) do digests[key] = nil end end
    local gone = {}
    for _, key in ipairs(keys) do gone[index * SURFACE_SPAN + key] = true end
    chunk_queue.remove_if(st.queue, function(id) return gone[id] == true end)
  else
    st.digests[index] = nil
    chunk_queue.remove_if(st.queue, function(id) return (id - id % SURFACE_SPAN) / SURFACE_SPAN == index end)
  end
end)

reconcile.on_load = function()
  walk_per_tick = nil
end

reconcile.events = {
  ---@param event EventData.on_runtime_mod_setting_changed
  [defines.events.on_runtime_mod_setting_changed] = function(event)
    if event.setting == SETTING then walk_per_tick = nil end
  end,
}

reconcile.on_init = function()
  reconcile.ensure_storage()
end

reconcile.on_configuration_changed = function()
  -- mod updated into a save that already has a map: every charted chunk needs its first snapshot
  if reconcile.ensure_storage() and terrain.state() and not terrain.state().backfill then
    terrain.start_backfill(false, nil)
  end
end

return reconcile
