-- Writes the demo console recording to stdout:
--   cd factorio-mod && lua5.2 tools/record-demo.lua > ../deploy/local/src/main/resources/demo/demo-console.log
package.path = "./spec/?.lua;./spec/?/init.lua;./src/?.lua;./tools/?.lua;" .. package.path
local demo = require("demo_scenario")
io.write((demo.record()))
