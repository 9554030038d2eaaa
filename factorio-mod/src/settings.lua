data:extend({
  {
    type = "int-setting",
    name = "kafkatorio-player-interval-ticks",
    setting_type = "runtime-global",
    default_value = 30,
    minimum_value = 1,
    maximum_value = 3600,
    order = "a",
  },
  {
    type = "int-setting",
    name = "kafkatorio-heartbeat-interval-ticks",
    setting_type = "runtime-global",
    default_value = 600,
    minimum_value = 60,
    maximum_value = 36000,
    order = "b",
  },
})
