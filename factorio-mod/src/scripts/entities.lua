--- Entity lifecycle: `entities` packets ({surface, changes}) for every way an entity appears,
--- changes or goes away, batched per surface and flushed every FLUSH_TICKS ticks (or at once
--- when a batch reaches MAX_BATCH changes).
---
--- What counts: entities of the map force (kafkatorio-map-force) and trees, rocks and cliffs of any
--- force, in chunks the map force has charted; never the types in entitycode.SKIP_TYPES (ghosts are
--- plans, not the factory: ghost events only attribute robot work). Resources only appear as
--- `depleted` (their amounts come with the terrain).
---
--- Attribution (`player`): the actor for player actions; for robot/platform work the player who
--- placed the ghost (remembered by surface + name + position) or ordered the deconstruction or
--- upgrade (remembered by unit number, or name + position), else entity.last_user. These maps are
--- bounded (reconcile.ATTRIBUTION_LIMIT entries each), consumed when used and expire after
--- ATTRIBUTION_MAX_AGE ticks.
---
--- Upgrades: the game fast-replaces (mines the old entity, then builds the new one at the same
--- place in the same tick); a build that follows a mine of the same type at the same position in
--- the same tick becomes one `upgraded` change with `previous` = the old name, whether a player
--- did it by hand or robots did it for an upgrade order.
---
--- Caps: at most MAX_CHANGES_PER_TICK changes are accepted per tick; beyond that the chunk is
--- marked for a forced snapshot (scripts/reconcile.lua) instead of growing a queue.
local console = require("scripts.console")
local terrain = require("scripts.terrain")
local reconcile = require("scripts.reconcile")
local chunkcode = require("lib.chunkcode")
local entitycode = require("lib.entitycode")
local expiring = require("lib.expiring")

local entities = {}

entities.FLUSH_TICKS = 6
entities.MAX_BATCH = 64
entities.MAX_CHANGES_PER_TICK = 100
entities.ATTRIBUTION_MAX_AGE = 60 * 60 * 60 -- one hour
entities.EXPIRE_EVERY = 600
--- Changes of the current tick searched for the mine half of a fast replace.
entities.REPLACE_LOOKBACK = 16

local SKIP, ENV = entitycode.SKIP_TYPES, entitycode.ENVIRONMENT_TYPES

---------------------------------------------------------------------------------------------------
-- batches

local function flush(index)
  local st = reconcile.state()
  local batch = st.batches[index]
  if not batch then return end
  st.batches[index] = nil
  if #batch.changes > 0 then console.emit("entities", { surface = index, changes = batch.changes }) end
end

local function flush_all()
  local indices = {}
  for index in pairs(reconcile.state().batches) do indices[#indices + 1] = index end
  table.sort(indices)
  for _, index in ipairs(indices) do flush(index) end
end

--- Appends a change to its surface's batch; a build right after a mine of the same type at the
--- same place in this tick replaces that mine with an `upgraded`.
local function append(index, change)
  local st = reconcile.state()
  local tick = game.tick
  local batch = st.batches[index]
  if not batch then
    batch = { changes = {}, tick = tick, from = 1 }
    st.batches[index] = batch
  end
  local changes = batch.changes
  if batch.tick ~= tick then batch.tick, batch.from = tick, #changes + 1 end
  if change.event == "built" and change.cause ~= "script" then
    for i = #changes, math.max(batch.from, #changes - entities.REPLACE_LOOKBACK + 1), -1 do
      local old = changes[i]
      if old.event == "mined" and old.x == change.x and old.y == change.y and old.type == change.type then
        change.event, change.previous = "upgraded", old.name
        if change.cause ~= "player" and old.player then change.player = old.player end
        changes[i] = change
        return
      end
    end
  end
  changes[#changes + 1] = change
  if #changes >= entities.MAX_BATCH then flush(index) end
end

reconcile.set_flusher(function()
  if next(reconcile.state().batches) then flush_all() end
end)

---------------------------------------------------------------------------------------------------
-- recording

---@param entity LuaEntity
---@return integer?
local function last_user(entity)
  local user = entity.last_user
  if user and user.valid then return user.index end
  return nil
end

--- Whether the entity belongs on the map; returns its type, surface index and position.
---@param entity LuaEntity
---@param resources? boolean accept resource entities (for `depleted`)
local function relevant(entity, resources)
  local t = entity.type
  if t == "resource" then
    if not resources then return nil end
  elseif SKIP[t] then
    return nil
  elseif not ENV[t] and entity.force.name ~= terrain.force_name() then
    return nil
  end
  return t
end

--- Records one change if the entity is relevant and its chunk is charted by the map force.
---@param entity LuaEntity
---@param event string
---@param cause string
---@param player integer?
---@param extra table? more fields (from, previous) or nil
---@param opts {resources: boolean?, surface: integer?, x: number?, y: number?}?
local function record(entity, event, cause, player, extra, opts)
  local st = reconcile.state()
  if not st then return end
  if not relevant(entity, opts and opts.resources) then return end
  local index, x, y
  if opts and opts.surface then
    index, x, y = opts.surface, opts.x, opts.y
  else
    local p = entity.position
    index, x, y = entity.surface_index, p.x, p.y
  end
  local resource = entity.type == "resource"
  local tick = game.tick
  if st.tick ~= tick then st.tick, st.used = tick, 0 end
  if st.used >= entities.MAX_CHANGES_PER_TICK then
    -- over the cap: the chunk gets a snapshot instead (reconcile checks it is charted)
    if not resource then reconcile.dirty(index, x, y) end
    return
  end
  local force = terrain.force()
  if not force then return end
  if not force.is_chunk_charted(index, { x = chunkcode.chunk_of(x), y = chunkcode.chunk_of(y) }) then return end
  st.used = st.used + 1
  local change = reconcile.describe(entity)
  change.x, change.y = x, y
  change.event, change.cause = event, cause
  if player and player > 0 then change.player = player end
  if extra then for k, v in pairs(extra) do change[k] = v end end
  append(index, change)
  if not resource then reconcile.touch(index, x, y) end
end

---@param entity LuaEntity
local function identity(entity)
  local p = entity.position
  return entitycode.identity(entity.surface_index, entity.unit_number, entity.name, p.x, p.y)
end

---@param entity LuaEntity
local function ghost_key(entity, name)
  local p = entity.position
  return entitycode.place_key(entity.surface_index, name, p.x, p.y)
end

local function is_ghost(t) return t == "entity-ghost" or t == "tile-ghost" end

---------------------------------------------------------------------------------------------------
-- handlers

local function built_by_player(event)
  local entity = event.entity
  if not (entity and entity.valid) then return end
  local t = entity.type
  if t == "entity-ghost" then
    -- a plan: remember who made it for the robot that builds it
    expiring.put(reconcile.state().ghosts, ghost_key(entity, entity.ghost_name), event.player_index, game.tick)
    return
  end
  if t == "tile-ghost" then return end
  record(entity, "built", "player", event.player_index)
end

local function built_by(cause)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) or is_ghost(entity.type) then return end
    local st = reconcile.state()
    if not st then return end
    local player = expiring.take(st.ghosts, ghost_key(entity, entity.name)) or last_user(entity)
    record(entity, "built", cause, player)
  end
end

local function forget_orders(st, entity)
  local id = identity(entity)
  expiring.take(st.orders, id)
  expiring.take(st.upgrades, id)
end

local function mined_by_player(event)
  local entity = event.entity
  if not (entity and entity.valid) then return end
  local st = reconcile.state()
  if not st then return end
  if entity.type == "entity-ghost" then expiring.take(st.ghosts, ghost_key(entity, entity.ghost_name)) return end
  if entity.type == "tile-ghost" then return end
  forget_orders(st, entity)
  record(entity, "mined", "player", event.player_index)
end

local function mined_by(cause)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) or is_ghost(entity.type) then return end
    local st = reconcile.state()
    if not st then return end
    local id = identity(entity)
    local ordered = expiring.take(st.orders, id)
    local upgrade = expiring.take(st.upgrades, id)
    record(entity, "mined", cause, ordered or upgrade or last_user(entity))
  end
end

local function gone(event_name, cause)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) then return end
    local st = reconcile.state()
    if not st then return end
    if entity.type == "entity-ghost" then expiring.take(st.ghosts, ghost_key(entity, entity.ghost_name)) return end
    if entity.type == "tile-ghost" then return end
    forget_orders(st, entity)
    record(entity, event_name, cause, cause == "script" and last_user(entity) or nil)
  end
end

local function by_player(event_name)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) or is_ghost(entity.type) then return end
    record(entity, event_name, "player", event.player_index)
  end
end

local function remember(map_name)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) or is_ghost(entity.type) or not event.player_index then return end
    local st = reconcile.state()
    if not st then return end
    expiring.put(st[map_name], identity(entity), event.player_index, game.tick)
  end
end

local function cancel(map_name)
  return function(event)
    local entity = event.entity
    if not (entity and entity.valid) then return end
    local st = reconcile.state()
    if not st then return end
    expiring.take(st[map_name], identity(entity))
  end
end

---@param event EventData.on_pre_ghost_deconstructed
local function ghost_removed(event)
  local ghost = event.ghost
  if not (ghost and ghost.valid) or ghost.type ~= "entity-ghost" then return end
  local st = reconcile.state()
  if st then expiring.take(st.ghosts, ghost_key(ghost, ghost.ghost_name)) end
end

---@param event EventData.on_entity_cloned
local function cloned(event)
  local entity = event.destination
  if not (entity and entity.valid) or is_ghost(entity.type) then return end
  record(entity, "cloned", "script", last_user(entity))
end

--- `teleported` with from = the old position (script_raised_teleported carries it). Across
--- surfaces the entity is `destroyed` on the old surface and `built` on the new one.
---@param event EventData.script_raised_teleported
local function teleported(event)
  local entity = event.entity
  if not (entity and entity.valid) or is_ghost(entity.type) then return end
  local old = event.old_position
  if event.old_surface_index ~= entity.surface_index then
    record(entity, "destroyed", "script", nil, nil, { surface = event.old_surface_index, x = old.x, y = old.y })
    record(entity, "built", "script", last_user(entity))
    return
  end
  record(entity, "teleported", "script", last_user(entity), { from = { old.x, old.y } })
  local st = reconcile.state()
  if st and relevant(entity) then reconcile.touch(entity.surface_index, old.x, old.y) end
end

---@param event EventData.on_resource_depleted
local function depleted(event)
  local entity = event.entity
  if not (entity and entity.valid) then return end
  record(entity, "depleted", "game", nil, nil, { resources = true })
end

---------------------------------------------------------------------------------------------------

---@param tick integer
local function produce(tick)
  local st = reconcile.state()
  if not st then return end
  if tick % entities.FLUSH_TICKS == 0 and next(st.batches) then flush_all() end
  if tick % entities.EXPIRE_EVERY == 0 then
    for _, name in ipairs({ "ghosts", "orders", "upgrades" }) do
      expiring.expire(st[name], tick, entities.ATTRIBUTION_MAX_AGE, 1024)
    end
  end
end
console.add_producer(produce)

local e = defines.events
entities.events = {
  [e.on_built_entity] = built_by_player,
  [e.on_robot_built_entity] = built_by("robot"),
  [e.on_space_platform_built_entity] = built_by("platform"),
  [e.script_raised_built] = built_by("script"),
  [e.script_raised_revive] = built_by("script"),
  [e.on_player_mined_entity] = mined_by_player,
  [e.on_robot_mined_entity] = mined_by("robot"),
  [e.on_space_platform_mined_entity] = mined_by("platform"),
  [e.on_entity_died] = gone("died", "game"),
  [e.script_raised_destroy] = gone("destroyed", "script"),
  [e.on_player_rotated_entity] = by_player("rotated"),
  [e.on_player_flipped_entity] = by_player("flipped"),
  [e.on_marked_for_deconstruction] = remember("orders"),
  [e.on_cancelled_deconstruction] = cancel("orders"),
  [e.on_marked_for_upgrade] = remember("upgrades"),
  [e.on_cancelled_upgrade] = cancel("upgrades"),
  [e.on_pre_ghost_deconstructed] = ghost_removed,
  [e.on_entity_cloned] = cloned,
  [e.script_raised_teleported] = teleported,
  [e.on_resource_depleted] = depleted,
}

return entities
