--- Heartbeat: how many players are online, every N ticks, so the map can tell a live server from a
--- stopped one. N is a runtime setting, so this runs from the console's per-tick producers rather
--- than a fixed on_nth_tick registration.
local console = require("scripts.console")

local INTERVAL_SETTING = "kafkatorio-heartbeat-interval-ticks"

local heartbeat = {}

---@type integer? cached setting value; nil = read it again
local interval = nil

---@param tick integer
local function produce(tick)
  if not interval then
    interval = settings.global[INTERVAL_SETTING].value --[[@as integer]]
  end
  if tick % interval ~= 0 then return end
  console.emit("heartbeat", { online = #game.connected_players })
end
console.add_producer(produce)

heartbeat.on_load = function()
  interval = nil
end

heartbeat.events = {
  ---@param event EventData.on_runtime_mod_setting_changed
  [defines.events.on_runtime_mod_setting_changed] = function(event)
    if event.setting == INTERVAL_SETTING then
      interval = nil
    end
  end,
}

return heartbeat
