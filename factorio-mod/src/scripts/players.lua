--- Players: one `player` packet per player event, throttled movement, and a snapshot of every
--- player after each session start.
---
--- Position and surface are the player's physical ones: a player in remote view (2.0) has a
--- camera elsewhere, but the map shows where the character is.
local console = require("scripts.console")
local session = require("scripts.session")
local color = require("lib.color")
local throttle = require("lib.throttle")

--- At most this many moved players are queued per tick; the rest stay dirty for the next tick.
local MAX_MOVED_PER_TICK = 32
local INTERVAL_SETTING = "kafkatorio-player-interval-ticks"

local players = {}

-- Module-local (see scripts/console.lua for why none of this is in storage).
local moves = throttle.new()
---@type table<integer, {surface: integer, x: number, y: number}> last printed physical place
local last_place = {}
---@type table<integer, table> state captured in on_pre_player_removed, for on_player_removed
local removing = {}
---@type integer? cached setting value; nil = read it again
local interval = nil

---@return integer
local function get_interval()
  if not interval then
    interval = settings.global[INTERVAL_SETTING].value --[[@as integer]]
  end
  return interval
end

--- The data object of a player packet.
---@param player LuaPlayer
---@param event string
---@return table
local function state_of(player, event)
  local position = player.physical_position
  return {
    index = player.index,
    name = player.name,
    event = event,
    surface = player.physical_surface_index,
    x = position.x,
    y = position.y,
    color = color.to_hex(player.color),
    connected = player.connected,
  }
end

---@param player LuaPlayer
---@param event string
local function emit(player, event)
  local data = state_of(player, event)
  -- the event says what happened even if connected has not caught up (or has already moved on)
  if event == "joined" then data.connected = true elseif event == "left" then data.connected = false end
  local index = data.index
  console.emit("player", data, index)
  last_place[index] = { surface = data.surface, x = data.x, y = data.y }
  throttle.emitted(moves, index, game.tick)
end

---@param player_index integer?
---@return LuaPlayer?
local function valid_player(player_index)
  if not player_index then return nil end
  local player = game.get_player(player_index)
  if not (player and player.valid) then return nil end
  return player
end

---@param event_name string
---@return fun(event: {player_index: integer})
local function emitter(event_name)
  return function(event)
    local player = valid_player(event.player_index)
    if not player then return end
    emit(player, event_name)
  end
end

---@param event EventData.on_player_changed_position
local function on_player_changed_position(event)
  local index = event.player_index
  if not index then return end
  throttle.mark(moves, index)
end

---@param event EventData.on_player_changed_surface
local function on_player_changed_surface(event)
  local player = valid_player(event.player_index)
  if not player then return end
  -- entering or leaving remote view on another surface changes player.surface, not the physical one
  local last = last_place[player.index]
  if last and last.surface == player.physical_surface_index then return end
  emit(player, "surface-changed")
end

---@param event EventData.on_pre_player_removed
local function on_pre_player_removed(event)
  local player = valid_player(event.player_index)
  if not player then return end
  local data = state_of(player, "removed")
  data.connected = false
  removing[player.index] = data
end

---@param event EventData.on_player_removed
local function on_player_removed(event)
  local index = event.player_index
  local data = removing[index]
  if not data then return end
  removing[index] = nil
  console.emit("player", data, index)
  throttle.forget(moves, index)
  last_place[index] = nil
end

---@param event EventData.on_runtime_mod_setting_changed
local function on_runtime_mod_setting_changed(event)
  if event.setting == INTERVAL_SETTING then
    interval = nil
  end
end

--- Queues the players that moved and may be reported this tick.
---@param tick integer
local function produce_moves(tick)
  if next(moves.dirty) == nil then return end
  local due = throttle.take_due(moves, tick, get_interval(), MAX_MOVED_PER_TICK)
  for i = 1, #due do
    local index = due[i]
    local player = valid_player(index)
    if not player then
      throttle.forget(moves, index)
    else
      local last = last_place[index]
      local position = player.physical_position
      if last and last.x == position.x and last.y == position.y
          and last.surface == player.physical_surface_index then
        -- e.g. only the remote-view camera moved: nothing to report, and no throttle slot used
      else
        emit(player, "moved")
      end
    end
  end
end
console.add_producer(produce_moves)

session.on_start(function()
  for _, player in pairs(game.players) do
    if player.valid then
      emit(player, "snapshot")
    end
  end
end)

players.on_load = function()
  interval = nil
end

players.events = {
  [defines.events.on_player_joined_game] = emitter("joined"),
  [defines.events.on_player_left_game] = emitter("left"),
  [defines.events.on_player_died] = emitter("died"),
  [defines.events.on_player_respawned] = emitter("respawned"),
  [defines.events.on_player_changed_surface] = on_player_changed_surface,
  [defines.events.on_player_changed_position] = on_player_changed_position,
  [defines.events.on_pre_player_removed] = on_pre_player_removed,
  [defines.events.on_player_removed] = on_player_removed,
  [defines.events.on_runtime_mod_setting_changed] = on_runtime_mod_setting_changed,
}

return players
