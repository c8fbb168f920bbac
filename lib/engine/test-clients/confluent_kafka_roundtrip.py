#!/usr/bin/python3
"""Exercises a broker with confluent-kafka-python 1.7.0 on librdkafka 2.0.2 (Debian) and prints JSON.

Usage: confluent_kafka_roundtrip.py <bootstrap> <topic> <message-count>

Admin (librdkafka's own admin client): create a topic with configs, describe its configs, add
partitions, create + delete a second topic. Data: an idempotent producer (InitProducerId and
sequence numbers) with lz4 compression, then a Consumer with assign() (no group) reading to the end.
"""
import json
import sys

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
report = {}
admin = AdminClient({"bootstrap.servers": bootstrap})


def wait(futures):
    return {k: f.result(timeout=10) for k, f in futures.items()}


wait(admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1, config={"cleanup.policy": "delete", "retention.bytes": "1048576"})]))
resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
configs = wait(admin.describe_configs([resource]))[resource]
report["configs"] = {name: entry.value for name, entry in configs.items() if name in ("cleanup.policy", "retention.bytes", "segment.bytes")}
report["config_sources"] = {name: int(entry.source) for name, entry in configs.items() if name in ("retention.bytes", "segment.bytes")}
wait(admin.create_partitions([NewPartitions(topic, 2)]))
try:
    wait(admin.create_topics([NewTopic("bad topic", num_partitions=1, replication_factor=1)]))
    report["bad_topic_error"] = None
except KafkaException as e:
    report["bad_topic_error"] = e.args[0].name()
wait(admin.create_topics([NewTopic(topic + "-doomed", num_partitions=1, replication_factor=1)]))
wait(admin.delete_topics([topic + "-doomed"]))
metadata = admin.list_topics(timeout=10)
report["partitions"] = len(metadata.topics[topic].partitions)
report["doomed_exists"] = (topic + "-doomed") in metadata.topics

delivered = []
producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "compression.type": "lz4", "linger.ms": 5})
for i in range(count):
    producer.produce(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, on_delivery=lambda err, msg: delivered.append(None if err else msg.offset()))
producer.flush(20)
report["delivered"] = sorted(o for o in delivered if o is not None)
report["delivery_errors"] = sum(1 for o in delivered if o is None)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False, "enable.partition.eof": True})
consumer.assign([TopicPartition(topic, 0, 0)])
consumed = []
while True:
    msg = consumer.poll(10)
    if msg is None:
        break
    if msg.error():
        break  # partition EOF (or an error, which the caller sees as missing messages)
    consumed.append([msg.offset(), msg.key().decode(), msg.value().decode()])
consumer.close()
report["consumed"] = consumed
print(json.dumps(report))
