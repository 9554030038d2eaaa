--- Map tags: a `tag` packet for every chart tag the map force adds, modifies or removes, and a
--- snapshot of the map force's tags on every surface after each session start (as `added`: the
--- receiver upserts by surface + id). Tag texts are user input: consumers render them as text.
local console = require("scripts.console")
local session = require("scripts.session")
local terrain = require("scripts.terrain")

local tags = {}

---@param icon SignalID?
---@return string
local function icon_name(icon)
  if not (icon and icon.name) then return "" end
  return (icon.type or "item") .. "/" .. icon.name
end

---@param tag LuaCustomChartTag
---@param event string
---@param player integer?
local function emit(tag, event, player, force_name)
  local p = tag.position
  if not player then
    local user = tag.last_user
    player = user and user.valid and user.index or 0
  end
  console.emit("tag", { event = event, id = tag.tag_number, surface = tag.surface.index, x = p.x, y = p.y,
    text = tag.text, icon = icon_name(tag.icon), force = force_name, player = player })
end

local function ours(event)
  local force = event.force
  return force and force.valid and force.name == terrain.force_name()
end

local function snapshot()
  local force = terrain.force()
  if not force then return end
  local list = {}
  for _, surface in pairs(game.surfaces) do
    if surface.valid then list[#list + 1] = surface end
  end
  table.sort(list, function(a, b) return a.index < b.index end)
  for _, surface in ipairs(list) do
    for _, tag in ipairs(force.find_chart_tags(surface)) do
      if tag.valid then emit(tag, "added", nil, force.name) end
    end
  end
end
session.on_start(snapshot)

tags.events = {
  ---@param event EventData.on_chart_tag_added
  [defines.events.on_chart_tag_added] = function(event)
    if not (ours(event) and event.tag and event.tag.valid) then return end
    emit(event.tag, "added", event.player_index, event.force.name)
  end,
  ---@param event EventData.on_chart_tag_modified
  [defines.events.on_chart_tag_modified] = function(event)
    local tag = event.tag
    if not (ours(event) and tag and tag.valid) then return end
    local old_surface = event.old_surface
    if old_surface and old_surface.valid and old_surface.index ~= tag.surface.index then
      -- moved to another surface: the receiver keys tags by surface + id
      local p = event.old_position
      console.emit("tag", { event = "removed", id = tag.tag_number, surface = old_surface.index, x = p.x, y = p.y,
        text = event.old_text or "", icon = icon_name(event.old_icon), force = event.force.name,
        player = event.player_index or 0 })
    end
    emit(tag, "modified", event.player_index, event.force.name)
  end,
  ---@param event EventData.on_chart_tag_removed
  [defines.events.on_chart_tag_removed] = function(event)
    if not (ours(event) and event.tag and event.tag.valid) then return end
    emit(event.tag, "removed", event.player_index, event.force.name)
  end,
}

return tags
