local framing = require("lib.framing")
local contract = require("support.contract")

local function utf8_valid(s)
  -- every piece must start on a character boundary and end on one
  local i, n = 1, #s
  while i <= n do
    local b = s:byte(i)
    local len = b < 0x80 and 1 or b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or nil
    if not len or i + len - 1 > n then return false end
    for j = i + 1, i + len - 1 do
      local c = s:byte(j)
      if c < 0x80 or c > 0xBF then return false end
    end
    i = i + len
  end
  return true
end

describe("lib.framing", function()
  it("frames a small packet as one whole line", function()
    assert.same({ 'KFKTR:{"a":1}' }, framing.frame(7, '{"a":1}'))
  end)

  it("keeps a packet whose line is exactly 4000 bytes with its newline whole", function()
    local json = "{" .. string.rep("x", 4000 - 6 - 1 - 2) .. "}"
    local lines = framing.frame(1, json)
    assert.equals(1, #lines)
    assert.equals(3999, #lines[1])
  end)

  it("splits a packet one byte too large into numbered parts under 4000 bytes", function()
    local json = "{" .. string.rep("x", 4000 - 6 - 2) .. "}"
    local lines = framing.frame(42, json)
    assert.equals(2, #lines)
    assert.truthy(lines[1]:match("^KFKTR%+42/1/2:"))
    assert.truthy(lines[2]:match("^KFKTR%+42/2/2:"))
    local joined = {}
    for i, line in ipairs(lines) do
      assert.is_true(#line + 1 <= framing.MAX_LINE_BYTES)
      joined[i] = line:match("^KFKTR%+%d+/%d+/%d+:(.*)$")
    end
    assert.equals(json, table.concat(joined))
  end)

  it("never splits inside a UTF-8 sequence (long multi-byte player name)", function()
    -- 2-, 3- and 4-byte characters, offset by one ASCII byte so boundaries fall mid-character
    local name = "a" .. string.rep("é日😀", 1400)
    local json = '{"name":"' .. name .. '"}'
    local lines = framing.frame(9, json)
    assert.is_true(#lines >= 3)
    local fragments = {}
    for i, line in ipairs(lines) do
      assert.is_true(#line + 1 <= framing.MAX_LINE_BYTES, "line " .. i .. " too long")
      local seq, idx, n, fragment = line:match("^KFKTR%+(%d+)/(%d+)/(%d+):(.*)$")
      assert.equals("9", seq)
      assert.equals(i, tonumber(idx))
      assert.equals(#lines, tonumber(n))
      assert.is_true(utf8_valid(fragment), "fragment " .. i .. " cuts a character")
      fragments[i] = fragment
    end
    assert.equals(json, table.concat(fragments))
  end)

  it("splits at every budget without losing bytes or cutting characters", function()
    local s = "xé日😀y" .. string.rep("ü", 7)
    for budget = 4, 12 do
      local pieces = framing.split_utf8(s, budget)
      assert.equals(s, table.concat(pieces))
      for _, piece in ipairs(pieces) do
        assert.is_true(#piece <= budget and #piece > 0)
        assert.is_true(utf8_valid(piece))
      end
    end
  end)

  it("uses a smaller line limit when asked (and the header fits the reserve)", function()
    local lines = framing.frame(123456789012345678, string.rep("z", 300), 100)
    for _, line in ipairs(lines) do assert.is_true(#line + 1 <= 100) end
  end)

  it("recognises the golden packet lines as packet lines", function()
    local golden = contract.golden()
    for _, entry in ipairs(golden.valid) do assert.is_true(framing.is_packet_line(entry.line), entry.name) end
    for _, entry in ipairs(golden.invalid) do assert.is_true(framing.is_packet_line(entry.line), entry.name) end
  end)

  it("does not mistake any golden ordinary server line for a packet", function()
    for _, line in ipairs(contract.golden().ordinary) do
      assert.is_false(framing.is_packet_line(line), line)
    end
  end)
end)
