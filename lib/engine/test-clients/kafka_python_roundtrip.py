#!/usr/bin/python3
"""Exercises a broker with kafka-python 2.0.2 (Debian's python3-kafka) and prints a JSON report.

Usage: kafka_python_roundtrip.py <bootstrap> <topic> <message-count>

Admin: create the topic with configs, describe its configs, list topics, create + delete a second
topic. Data: produce keyed messages with headers (acks=all), then read them back with a
KafkaConsumer that uses assign() (no consumer group). The caller (a vitest test) checks the report.
"""
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
report = {}

admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="pier-kafka-python", request_timeout_ms=10000)
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1, topic_configs={"retention.ms": "86400000", "max.message.bytes": "2000000"})])
described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
configs = {}
for response in described:
    for resource in response.resources:
        for entry in resource[4]:
            configs[entry[0]] = entry[1]
report["configs"] = configs
admin.create_topics([NewTopic(topic + "-doomed", num_partitions=1, replication_factor=1)])
report["topics_before_delete"] = sorted(t for t in admin.list_topics() if t.startswith(topic))
admin.delete_topics([topic + "-doomed"])
report["topics_after_delete"] = sorted(t for t in admin.list_topics() if t.startswith(topic))
admin.close()

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
futures = [
    producer.send(topic, key=("k%d" % i).encode(), value=("v%d" % i).encode(), headers=[("n", str(i).encode())], partition=i % 2)
    for i in range(count)
]
producer.flush()
metadata = [f.get(timeout=10) for f in futures]
report["produced_offsets"] = {str(p): [m.offset for m in metadata if m.partition == p] for p in (0, 1)}
producer.close()

consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False, consumer_timeout_ms=10000)
partitions = [TopicPartition(topic, 0), TopicPartition(topic, 1)]
consumer.assign(partitions)
consumer.seek_to_beginning(*partitions)
consumed = []
deadline = time.time() + 20
while len(consumed) < count and time.time() < deadline:
    for tp, records in consumer.poll(timeout_ms=1000).items():
        for r in records:
            consumed.append([tp.partition, r.offset, r.key.decode(), r.value.decode(), [[k, v.decode()] for k, v in r.headers]])
report["end_offsets"] = {str(tp.partition): off for tp, off in consumer.end_offsets(partitions).items()}
consumer.close()
report["consumed"] = sorted(consumed, key=lambda c: int(c[2][1:]))
print(json.dumps(report))
