--- The console: the one place that prints packets.
---
--- Feature scripts queue packets with `console.emit` and register per-tick producers with
--- `console.add_producer`. Once per tick (on_tick) the console runs the producers in registration
--- order (the require order in control.lua), then prints the queue within a byte budget.
---
--- Everything here is module-local, never in storage: what is printed is per-process (a client
--- that joins a multiplayer game prints to its own stdout, nobody reads it), and storage must stay
--- identical on every peer. Hence seq restarts at 1 after every Lua-state load, as the protocol
--- intends (the Java side de-duplicates per console session).
local outbox = require("lib.outbox")

local console = {}

--- Byte budget of printed lines per tick (newlines included); the rest waits for the next tick.
console.MAX_BYTES_PER_TICK = 32 * 1024

local queue = outbox.new()
local next_seq = 1
---@type fun(tick: integer)[]
local producers = {}

--- Registers a function run every tick before the queue is printed. Call at require time.
---@param producer fun(tick: integer)
function console.add_producer(producer)
  producers[#producers + 1] = producer
end

--- Queues a packet stamped with the current tick.
---@param packet_type string a protocol packet type ("player", "chunk", ...)
---@param data table the packet's data object
---@param key? integer coalescing key: at most one pending packet per key (the player index)
---@param front? boolean queue before everything pending
function console.emit(packet_type, data, key, front)
  outbox.push(queue, { type = packet_type, tick = game.tick, data = data, key = key }, front)
end

--- Number of packets waiting to be printed (producers may use it to see a backlog).
---@return integer
function console.pending()
  return outbox.size(queue)
end

--- Queues a plain (non-packet) console line, e.g. backfill progress for the server admin. It is
--- printed in order with the packets and within the byte budget, and never starts with the marker.
---@param text string
function console.plain(text)
  outbox.push(queue, { type = "plain", tick = game.tick, data = {}, line = "[kafkatorio] " .. text })
end

local function encode(packet)
  return helpers.table_to_json(packet)
end

local function print_line(line)
  print(line)
end

---@param event EventData.on_tick
local function on_tick(event)
  local tick = event.tick
  for i = 1, #producers do
    producers[i](tick)
  end
  if queue.head <= #queue.items then
    next_seq = outbox.drain(queue, next_seq, encode, print_line, console.MAX_BYTES_PER_TICK)
  end
end

console.events = {
  [defines.events.on_tick] = on_tick,
}

return console
