package dev.kafkatorio.flink.servers;

import dev.kafkatorio.protocol.ServerStatus;

/**
 * What {@link ServerStatusFunction} keeps per server.
 *
 * @param status the current status (emitted or not yet)
 * @param lastEmittedAt processing time of the last emission, epoch ms (0 if never)
 * @param timerAt processing time of the pending emission timer, 0 if none
 */
public record ServerStatusState(ServerStatus status, long lastEmittedAt, long timerAt) {}
