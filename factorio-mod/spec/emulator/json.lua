--- Deterministic JSON encoder standing in for helpers.table_to_json.
---
--- Object keys are sorted; integral numbers (|n| < 2^53) print without ".0"; other numbers print
--- as the shortest %.Ng (N = 1..17) that reads back to the same double. Strings are UTF-8 as-is,
--- with '"', '\' and control characters escaped. A table whose keys are exactly 1..n is an array;
--- an empty table is "{}". Non-finite numbers raise an error (JSON cannot carry them).
local json = {}

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n",
  ["\r"] = "\\r", ["\t"] = "\\t" }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == "\127" then return c end
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

function json.number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    error("cannot encode non-finite number " .. tostring(n), 3)
  end
  if n == math.floor(n) and math.abs(n) < 2 ^ 53 then
    if n == 0 then return "0" end
    return string.format("%d", n)
  end
  for p = 1, 17 do
    local s = string.format("%." .. p .. "g", n)
    if tonumber(s) == n then return s end
  end
  return string.format("%.17g", n)
end

local encode

local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  if n == 0 then return false end
  for i = 1, n do
    if t[i] == nil then return false end
  end
  return true
end

encode = function(v, out, depth)
  local tv = type(v)
  if tv == "string" then
    out[#out + 1] = encode_string(v)
  elseif tv == "number" then
    out[#out + 1] = json.number(v)
  elseif tv == "boolean" then
    out[#out + 1] = tostring(v)
  elseif v == nil then
    out[#out + 1] = "null"
  elseif tv == "table" then
    if depth > 100 then error("table too deep (cycle?)", 3) end
    if is_array(v) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out, depth + 1)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do
        local tk = type(k)
        if tk ~= "string" and tk ~= "number" then error("cannot encode a " .. tk .. " key", 3) end
        keys[#keys + 1] = tostring(k)
      end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        local value = v[k]
        if value == nil then value = v[tonumber(k)] end
        out[#out + 1] = encode_string(k)
        out[#out + 1] = ":"
        encode(value, out, depth + 1)
      end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. tv, 3)
  end
end

---@param value any
---@return string
function json.encode(value)
  local out = {}
  encode(value, out, 0)
  return table.concat(out)
end

return json
