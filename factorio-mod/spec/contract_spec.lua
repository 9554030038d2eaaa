local contract = require("support.contract")
local demo = require("demo_scenario")
local framing = require("lib.framing")

describe("printed lines against the golden contract", function()
  it("accepts the golden valid lines and rejects the golden invalid ones it can judge", function()
    for _, entry in ipairs(contract.golden().valid) do
      if entry.name ~= "unknown fields are ignored" then
        local _, errors = contract.validate({ entry.line })
        assert.same({}, errors, entry.name)
      end
    end
    local rejected = 0
    for _, entry in ipairs(contract.golden().invalid) do
      local _, errors = contract.validate({ entry.line })
      if #errors > 0 then rejected = rejected + 1 end
    end
    assert.is_true(rejected >= 8)
  end)

  it("allows a field some golden packet of the type has, requires one all of them have", function()
    local _, ok = contract.validate({ 'KFKTR:{"v":1,"type":"surface","tick":1,"seq":1,"data":{"index":2,"name":"x","kind":"other","event":"created"}}' })
    assert.same({}, ok)
    local _, missing = contract.validate({ 'KFKTR:{"v":1,"type":"surface","tick":1,"seq":1,"data":{"index":2,"kind":"other","event":"created"}}' })
    assert.same({ "packet at line 1: missing data field name" }, missing)
    local _, extra = contract.validate({ 'KFKTR:{"v":1,"type":"heartbeat","tick":1,"seq":1,"data":{"online":1,"extra":true}}' })
    assert.same({ "packet at line 1: unexpected data field extra" }, extra)
  end)

  it("every line of the demo run is a well-formed packet line of a golden shape", function()
    local _, emu = demo.recorded()
    local lines = emu:lines()
    assert.is_true(#lines > 500)
    local packets, errors = contract.validate(lines)
    assert.same({}, errors)
    local types = {}
    for i, p in ipairs(packets) do
      types[p.type] = true
      assert.equals(i, p.seq)
    end
    assert.same({ ["session-start"] = true, player = true, heartbeat = true, surface = true, prototypes = true,
      chunk = true, chart = true, tiles = true, entities = true, ["chunk-entities"] = true, tag = true }, types)
  end)

  it("the demo's server lines are never packet lines and vice versa", function()
    local _, emu = demo.recorded()
    local printed = {}
    for _, line in ipairs(emu:lines()) do printed[line] = true end
    for _, line in ipairs(emu.stdout) do
      assert.equals(printed[line] == true, framing.is_packet_line(line), line)
    end
  end)

  it("reassembles a split packet and validates it", function()
    local json = '{"v":1,"type":"player","tick":5,"seq":77,"data":{"index":1,"name":"' .. string.rep("日", 3000) ..
      '","event":"joined","surface":1,"x":0,"y":0,"color":"#000000","connected":true}}'
    local lines = framing.frame(77, json)
    assert.is_true(#lines >= 3)
    local packets, errors = contract.validate(lines)
    assert.same({}, errors)
    assert.equals(string.rep("日", 3000), packets[1].data.name)
  end)
end)
