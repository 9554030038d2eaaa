--- The bounded queue of packets waiting to be printed. Pure: never touches game or storage;
--- encoding and printing are injected.
---
--- Packets get their seq when printed, so the printed seqs are strictly increasing.
--- A packet may carry a coalescing key (the player index). A state-only packet ("moved",
--- "snapshot") for a key that already has a pending packet only refreshes that packet's tick and
--- data and keeps its event, so a move never hides a pending "joined" or "died" and a moving player
--- occupies at most one entry. Discrete events ("joined", "died", ...) are appended, since each is
--- caused by a real game action; should the queue ever reach MAX_ITEMS (a stalled console), they
--- coalesce too, so the queue stays bounded by MAX_ITEMS plus one entry per key.
local framing = require("lib.framing")

local outbox = {}

--- Events that only refresh state; they never replace a pending discrete event.
outbox.STATE_ONLY = { moved = true, snapshot = true }

--- Above this many pending packets, discrete events coalesce per key as well.
outbox.MAX_ITEMS = 4096

---@class OutboxItem
---@field type string packet type
---@field tick integer
---@field data table
---@field key integer? coalescing key
---@field line string? a plain console line printed as is (not a packet; takes no seq)
---@field lines string[]? the framed lines, once printing started
---@field next_line integer? index of the next line to print

---@class Outbox
---@field items (OutboxItem|false)[] queue; false marks an entry already taken
---@field head integer index of the first entry not yet printed
---@field by_key table<integer, OutboxItem> newest pending item per coalescing key
---@field count integer pending items

---@return Outbox
function outbox.new()
  return { items = {}, head = 1, by_key = {}, count = 0 }
end

---@param box Outbox
---@return integer
function outbox.size(box)
  return box.count
end

--- Queues a packet, coalescing by key.
---@param box Outbox
---@param item OutboxItem
---@param front? boolean queue before everything pending (used for session-start)
function outbox.push(box, item, front)
  local key = item.key
  if key ~= nil then
    local pending = box.by_key[key]
    local state_only = outbox.STATE_ONLY[item.data.event]
    if pending and (state_only or box.count >= outbox.MAX_ITEMS) then
      local keep_event = pending.data.event
      pending.tick = item.tick
      pending.data = item.data
      if state_only and keep_event ~= nil then
        pending.data.event = keep_event
      end
      return
    end
    box.by_key[key] = item
  end
  box.count = box.count + 1
  if front then
    -- never between the parts of a packet whose printing already started
    local at = box.head
    local current = box.items[at]
    if current and current.lines then at = at + 1 end
    table.insert(box.items, at, item)
  else
    box.items[#box.items + 1] = item
  end
end

--- Prints pending lines in order until the next line would exceed `max_bytes` this tick. A packet
--- is encoded (and gets its seq) when its first line is printed; a packet split into parts may
--- continue on the next tick: its remaining parts are printed first, so the parts of one packet
--- stay consecutive and the per-tick budget holds even for a 100 KB packet. The first line of a
--- tick always goes (a line is at most 4000 bytes, far below any budget).
---@param box Outbox
---@param next_seq integer seq of the next packet printed
---@param encode fun(packet: table): string JSON encoder (helpers.table_to_json in the game)
---@param print_line fun(line: string)
---@param max_bytes integer byte budget for this tick, newlines included
---@return integer next_seq the seq after the last packet started
---@return integer bytes bytes printed
function outbox.drain(box, next_seq, encode, print_line, max_bytes)
  local items, bytes = box.items, 0
  while box.head <= #items do
    local item = items[box.head]
    if item then
      if not item.lines then
        local lines
        if item.line then
          lines = { item.line } -- a plain console line: no envelope, no seq
        else
          local json = encode({ v = 1, type = item.type, tick = item.tick, seq = next_seq, data = item.data })
          lines = framing.frame(next_seq, json)
        end
        if bytes > 0 and bytes + #lines[1] + 1 > max_bytes then break end -- not started: next tick
        if not item.line then next_seq = next_seq + 1 end
        item.lines, item.next_line = lines, 1
        -- being printed: a newer state for its key must queue behind it, not rewrite it
        if item.key ~= nil and box.by_key[item.key] == item then box.by_key[item.key] = nil end
      end
      local lines = item.lines
      while item.next_line <= #lines do
        local size = #lines[item.next_line] + 1
        if bytes > 0 and bytes + size > max_bytes then break end
        print_line(lines[item.next_line])
        bytes = bytes + size
        item.next_line = item.next_line + 1
      end
      if item.next_line <= #lines then break end -- the rest of this packet goes first next tick
      box.count = box.count - 1
    end
    items[box.head] = false
    box.head = box.head + 1
  end
  if box.head > #items then
    -- everything printed: start over so the array does not grow forever
    box.items, box.head = {}, 1
  elseif box.head > 256 then
    -- a backlog that never fully drains: drop the printed prefix now and then
    local rest = {}
    for i = box.head, #items do rest[#rest + 1] = items[i] end
    box.items, box.head = rest, 1
  end
  return next_seq, bytes
end

return outbox
