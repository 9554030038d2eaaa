local demo = require("demo_scenario")

local RECORDING = "../deploy/local/src/main/resources/demo/demo-console.log"

describe("demo recording", function()
  it("equals a fresh recording byte for byte", function()
    local f = assert(io.open(RECORDING, "rb"), "missing " .. RECORDING .. ": run tools/record-demo.sh")
    local committed = f:read("*a")
    f:close()
    local fresh = demo.recorded()
    assert(fresh == committed, RECORDING .. " is stale: run tools/record-demo.sh and commit the result")
  end)

  it("is deterministic and small", function()
    local a, b = demo.recorded(), demo.record()
    assert.equals(a, b)
    assert.is_true(#a < 3 * 1024 * 1024)
  end)

  it("shows the scripted story", function()
    local text = demo.recorded()
    assert.truthy(text:find("^   0%.000 2026%-11%-27 09:00:00; Factorio 2%.0%.77"))
    for _, needle in ipairs({ "[JOIN] alice joined the game", "[JOIN] <b>Engineer</b> joined the game",
      '"event":"died"', '"event":"respawned"', '"surface":2', "[LEAVE] dana left the game",
      "Saving game as", '"reason":"load"', '"event":"snapshot"', '"type":"entities"', '"type":"chunk-entities"',
      '"cause":"robot"', '"event":"upgraded"', '"previous":"transport-belt"', '"text":"<b>Smelting</b> & <i>assembly</i>"',
      '"name":"train-stop"', '"name":"electric-mining-drill"', '"event":"mined"' }) do
      assert.truthy(text:find(needle, 1, true), needle)
    end
  end)
end)
