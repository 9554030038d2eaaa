local color = require("lib.color")
local throttle = require("lib.throttle")
local outbox = require("lib.outbox")
local json = require("emulator.json")

describe("lib.color", function()
  it("rounds 0..1 floats and reads >1 values on the 0..255 scale", function()
    assert.equals("#ff8000", color.to_hex({ r = 1, g = 0.5, b = 0, a = 1 }))
    assert.equals("#1a2b3c", color.to_hex({ 26, 43, 60, 255 }))
    assert.equals("#000000", color.to_hex(nil))
    assert.equals("#020000", color.to_hex({ r = 2, g = -1, b = 0 }))
    assert.equals("#ff0000", color.to_hex({ r = 1, g = -0.2, b = 0 }))
  end)
end)

describe("lib.throttle", function()
  it("takes due keys oldest first, caps them and keeps the rest dirty", function()
    local t = throttle.new()
    throttle.emitted(t, 1, 100); throttle.emitted(t, 2, 90); throttle.emitted(t, 3, 125)
    for k = 1, 5 do throttle.mark(t, k) end
    assert.same({ 4, 5, 2 }, throttle.take_due(t, 130, 30, 3))
    assert.same({ [1] = true, [3] = true }, t.dirty)
    assert.same({ 1 }, throttle.take_due(t, 130, 30, 3))
    assert.same({}, throttle.take_due(t, 154, 30, 3))
    assert.same({ 3 }, throttle.take_due(t, 155, 30, 3))
  end)
end)

describe("lib.outbox", function()
  local function drain(box, seq, budget)
    local lines = {}
    local next_seq = outbox.drain(box, seq, json.encode, function(l) lines[#lines + 1] = l end, budget or 1e9)
    return lines, next_seq
  end

  it("coalesces state-only packets per key without hiding discrete events", function()
    local box = outbox.new()
    outbox.push(box, { type = "player", tick = 1, key = 1, data = { event = "joined", x = 0 } })
    outbox.push(box, { type = "player", tick = 2, key = 1, data = { event = "moved", x = 5 } })
    outbox.push(box, { type = "heartbeat", tick = 2, data = { online = 1 } })
    outbox.push(box, { type = "player", tick = 3, key = 1, data = { event = "died", x = 6 } })
    outbox.push(box, { type = "player", tick = 4, key = 1, data = { event = "moved", x = 7 } })
    outbox.push(box, { type = "session-start", tick = 4, data = {} }, true)
    assert.equals(4, outbox.size(box))
    local lines, next_seq = drain(box, 10)
    assert.same({
      'KFKTR:{"data":{},"seq":10,"tick":4,"type":"session-start","v":1}',
      'KFKTR:{"data":{"event":"joined","x":5},"seq":11,"tick":2,"type":"player","v":1}',
      'KFKTR:{"data":{"online":1},"seq":12,"tick":2,"type":"heartbeat","v":1}',
      'KFKTR:{"data":{"event":"died","x":7},"seq":13,"tick":4,"type":"player","v":1}',
    }, lines)
    assert.equals(14, next_seq)
    assert.equals(0, outbox.size(box))
  end)

  it("stays bounded: past MAX_ITEMS discrete events coalesce per key too", function()
    local box = outbox.new()
    for i = 1, outbox.MAX_ITEMS + 500 do
      outbox.push(box, { type = "player", tick = i, key = i % 10, data = { event = "died" } })
    end
    assert.equals(outbox.MAX_ITEMS, outbox.size(box))
  end)

  it("respects the byte budget but always prints the first packet", function()
    local box = outbox.new()
    for i = 1, 5 do outbox.push(box, { type = "heartbeat", tick = i, data = { online = i } }) end
    local lines, next_seq = drain(box, 1, 10)
    assert.equals(1, #lines)
    assert.equals(2, next_seq)
    lines = drain(box, next_seq, 150)
    assert.equals(2, #lines)
    assert.truthy(lines[1]:find('"seq":2', 1, true))
  end)
end)

describe("emulator helpers.table_to_json", function()
  it("sorts keys, prints integers without .0 and other numbers round-trip", function()
    assert.equals('{"a":[1,2.5,-3],"b":"x\\"y\\n","c":true,"d":12.3828125,"e":0.1,"f":1e+300}',
      json.encode({ b = 'x"y\n', a = { 1, 2.5, -3 }, c = true, d = 12.3828125, e = 0.1, f = 1e300 }))
    assert.equals("-0.00390625", json.encode(-1 / 256))
    assert.equals("0.30000000000000004", json.encode(0.1 + 0.2))
    assert.equals('"<b>é</b>"', json.encode("<b>é</b>"))
    assert.has_error(function() json.encode(0 / 0) end)
  end)
end)
