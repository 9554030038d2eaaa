package dev.kafkatorio.flink.io;

/**
 * A Kafka record carried unchanged by the pass-through baseline job.
 *
 * @param key record key bytes, {@code null} if none
 * @param value record value bytes, {@code null} for a tombstone
 * @param headerKeys header names, in order
 * @param headerValues header values, parallel to {@code headerKeys} (an entry may be {@code null})
 * @param timestamp the record timestamp, epoch ms
 */
public record PassThroughRecord(byte[] key, byte[] value, String[] headerKeys, byte[][] headerValues, long timestamp) {}
