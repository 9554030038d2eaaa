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

data:extend({
  {
    type = "string-setting",
    name = "kafkatorio-map-force",
    setting_type = "runtime-global",
    default_value = "player",
    allow_blank = false,
    order = "c",
  },
  {
    type = "int-setting",
    name = "kafkatorio-backfill-chunks-per-tick",
    setting_type = "runtime-global",
    default_value = 8,
    minimum_value = 1,
    maximum_value = 64,
    order = "d",
  },
})

data:extend({
  {
    type = "int-setting",
    name = "kafkatorio-reconcile-chunks-per-tick",
    setting_type = "runtime-global",
    default_value = 2,
    minimum_value = 0,
    maximum_value = 64,
    order = "e",
  },
})
