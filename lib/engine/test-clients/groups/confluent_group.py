#!/usr/bin/python3
"""A consumer-group scenario with confluent-kafka-python 1.7.0 on librdkafka 2.0.2 (Debian); prints JSON.

Usage: confluent_group.py <bootstrap> <topic> <group>

The topic must exist with 6 partitions and hold 60 messages with values "0".."59". Three members
join; each reports its partitions (on_assign); one closes (LeaveGroup) and the others take over
its partitions; 30 more messages are produced and consumed; offsets are committed synchronously
and every member closes; 30 more are produced and three new members must read exactly those.
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer

bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
report = {"assignments": [], "errors": []}
seen = []


class Member:
    def __init__(self, values):
        self.partitions = []
        self.values = values
        self.consumer = Consumer({
            "bootstrap.servers": bootstrap,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 300,
            "fetch.wait.max.ms": 100,
            "partition.assignment.strategy": "range",
        })
        self.consumer.subscribe([topic], on_assign=self.on_assign, on_revoke=self.on_revoke)

    def on_assign(self, consumer, partitions):
        self.partitions = sorted(p.partition for p in partitions)

    def on_revoke(self, consumer, partitions):
        self.partitions = []

    def poll(self):
        msg = self.consumer.poll(0.05)
        if msg is None:
            return
        if msg.error():
            report["errors"].append(str(msg.error()))
            return
        self.values.append(int(msg.value().decode()))

    def commit(self):
        try:
            self.consumer.commit(asynchronous=False)
        except KafkaException as e:  # nothing consumed since the last commit
            report["errors"].append("commit: " + e.args[0].name())


def poll_until(members, done, timeout=30):
    deadline = time.time() + timeout
    while not done():
        if time.time() > deadline:
            raise SystemExit(json.dumps({**report, "timeout": True, "seen": sorted(seen)}))
        for m in members:
            m.poll()


def covered(members):
    parts = sorted(p for m in members for p in m.partitions)
    return parts == list(range(6)) and all(m.partitions for m in members)


def produce(start, count):
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(start, start + count):
        producer.produce(topic, value=str(i).encode(), partition=i % 6)
    producer.flush(10)


members = [Member(seen) for _ in range(3)]
poll_until(members, lambda: len(seen) >= 60 and covered(members))
report["assignments"].append([m.partitions for m in members])
for m in members:
    m.commit()
members[0].consumer.close()
rest = members[1:]
poll_until(rest, lambda: covered(rest))
report["assignments"].append([m.partitions for m in rest])
produce(60, 30)
poll_until(rest, lambda: len(seen) >= 90)
for m in rest:
    m.commit()
    m.consumer.close()
report["seen"] = sorted(seen)

produce(90, 30)
resumed = []
members = [Member(resumed) for _ in range(3)]
poll_until(members, lambda: len(resumed) >= 30 and covered(members))
for _ in range(10):
    for m in members:
        m.poll()
report["resumed"] = sorted(resumed)
for m in members:
    m.consumer.close()
print(json.dumps(report))
