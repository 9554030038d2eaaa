--- Per-key throttle bookkeeping: which keys changed ("dirty") and when each was last emitted.
--- Pure: never touches game or storage; the players script keeps one in a module-local.
local throttle = {}

---@class Throttle
---@field dirty table<integer, true> keys changed since their last emission
---@field last table<integer, integer> tick of each key's last emission

---@return Throttle
function throttle.new()
  return { dirty = {}, last = {} }
end

---@param t Throttle
---@param key integer
function throttle.mark(t, key)
  t.dirty[key] = true
end

--- Records that `key` was emitted at `tick` (for any reason) and clears its dirty flag.
---@param t Throttle
---@param key integer
---@param tick integer
function throttle.emitted(t, key, tick)
  t.dirty[key] = nil
  t.last[key] = tick
end

---@param t Throttle
---@param key integer
function throttle.forget(t, key)
  t.dirty[key] = nil
  t.last[key] = nil
end

--- Takes the dirty keys that may be emitted at `tick`: not emitted within the last `interval`
--- ticks, oldest emission first (never-emitted first, then by key), at most `cap` of them.
--- Taken keys are no longer dirty; the rest stay dirty for a later tick.
---@param t Throttle
---@param tick integer
---@param interval integer
---@param cap integer
---@return integer[]
function throttle.take_due(t, tick, interval, cap)
  local due = {}
  for key in pairs(t.dirty) do
    local last = t.last[key]
    if last == nil or tick - last >= interval then
      due[#due + 1] = key
    end
  end
  local last = t.last
  table.sort(due, function(a, b)
    local la, lb = last[a] or -1, last[b] or -1
    if la ~= lb then return la < lb end
    return a < b
  end)
  for i = #due, cap + 1, -1 do
    due[i] = nil
  end
  for _, key in ipairs(due) do
    t.dirty[key] = nil
  end
  return due
end

return throttle
