-- Wiring only: every feature lives in scripts/, every pure helper in lib/.
-- Order matters for the console's per-tick producers: the session comes first so that its
-- session-start packet precedes everything else after a load.
local handler = require("event_handler")

handler.add_libraries({
  require("scripts.console"),
  require("scripts.session"),
  require("scripts.players"),
  require("scripts.heartbeat"),
  require("scripts.terrain"),
  require("scripts.surfaces"),
  require("scripts.tiles"),
  require("scripts.reconcile"),
  require("scripts.entities"),
  require("scripts.tags"),
})
