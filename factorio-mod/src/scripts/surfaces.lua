--- Surfaces and prototypes: a `surface` packet per surface event and a snapshot of every surface
--- after each session start; a `prototypes` packet (map colours of every tile and resource, sizes
--- and map colours of every entity that can be on the map, read from the running game) at every
--- session start and after a configuration change. It is ~100 KB in a big mod set: the console
--- prints its parts over several ticks within the per-tick byte budget.
local console = require("scripts.console")
local session = require("scripts.session")
local terrain = require("scripts.terrain")
local color = require("lib.color")
local entitycode = require("lib.entitycode")

local surfaces = {}

---@type table<integer, table> state captured in on_pre_surface_deleted, for on_surface_deleted
local deleting = {}

---@param surface LuaSurface
---@param event string
---@return table
local function info(surface, event)
  local planet = surface.planet
  local kind = "other"
  if planet then kind = "planet" elseif surface.platform then kind = "platform" end
  return { index = surface.index, name = surface.name, kind = kind, planet = planet and planet.name or nil, event = event }
end

---@param index integer
---@param event string
local function emit(index, event)
  local surface = game.get_surface(index)
  if not (surface and surface.valid) then return end
  console.emit("surface", info(surface, event))
end

local function snapshot()
  local list = {}
  for _, surface in pairs(game.surfaces) do
    if surface.valid then list[#list + 1] = info(surface, "snapshot") end
  end
  table.sort(list, function(a, b) return a.index < b.index end)
  for _, data in ipairs(list) do console.emit("surface", data) end
end

--- Every entity prototype that can appear on the map (types in entitycode.SKIP_TYPES and resources
--- excluded): type, footprint in tiles from the collision box, and its map colours.
---@return table<string, table>
local function entity_prototypes()
  local out = {}
  for name, proto in pairs(prototypes.entity) do
    local t = proto.type
    if not entitycode.SKIP_TYPES[t] then
      local w, h = entitycode.footprint(proto.collision_box)
      local map, friendly, enemy = proto.map_color, proto.friendly_map_color, proto.enemy_map_color
      out[name] = { type = t, w = w, h = h, color = map and color.to_hex(map) or nil,
        friendly = friendly and color.to_hex(friendly) or nil, enemy = enemy and color.to_hex(enemy) or nil }
    end
  end
  return out
end

local function prototypes_packet()
  local tiles, resources = {}, {}
  for name, tile in pairs(prototypes.tile) do
    tiles[name] = color.to_hex(tile.map_color)
  end
  for name, resource in pairs(prototypes.get_entity_filtered({ { filter = "type", type = "resource" } })) do
    resources[name] = color.to_hex(resource.map_color)
  end
  console.emit("prototypes", { tiles = tiles, resources = resources, entities = entity_prototypes() })
end

session.on_start(function()
  snapshot()
  prototypes_packet()
end)

surfaces.on_configuration_changed = function()
  prototypes_packet()
end

surfaces.events = {
  ---@param event EventData.on_surface_created
  [defines.events.on_surface_created] = function(event) emit(event.surface_index, "created") end,
  ---@param event EventData.on_surface_renamed
  [defines.events.on_surface_renamed] = function(event) emit(event.surface_index, "renamed") end,
  ---@param event EventData.on_surface_cleared
  [defines.events.on_surface_cleared] = function(event)
    terrain.forget_surface(event.surface_index)
    emit(event.surface_index, "cleared")
  end,
  ---@param event EventData.on_pre_surface_deleted
  [defines.events.on_pre_surface_deleted] = function(event)
    local surface = game.get_surface(event.surface_index)
    if not (surface and surface.valid) then return end
    deleting[event.surface_index] = info(surface, "deleted")
  end,
  ---@param event EventData.on_surface_deleted
  [defines.events.on_surface_deleted] = function(event)
    local index = event.surface_index
    terrain.forget_surface(index)
    local data = deleting[index] or { index = index, name = "", kind = "other", event = "deleted" }
    deleting[index] = nil
    console.emit("surface", data)
  end,
}

return surfaces
