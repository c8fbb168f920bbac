#!/usr/bin/python3
"""The consumer-group scenario of confluent_group.py with kafka-python 2.0.2 (Debian); prints JSON.

Usage: kafka_python_group.py <bootstrap> <topic> <group>

kafka-python's poll() blocks while its JoinGroup is parked, so each member polls in its own
thread (three members polled in turn by one thread would wait on each other forever).
"""
import json
import sys
import threading
import time

from kafka import KafkaConsumer, KafkaProducer

bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
report = {"assignments": []}
lock = threading.Lock()


class Member(threading.Thread):
    def __init__(self, values):
        super().__init__(daemon=True)
        self.values = values
        self.stopping = threading.Event()
        self.partitions = []
        self.consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=True,  # commits before every rebalance (on_join_prepare)
            session_timeout_ms=6000,
            heartbeat_interval_ms=300,
            fetch_max_wait_ms=100,
        )
        self.consumer.subscribe([topic])
        self.start()

    def run(self):
        while not self.stopping.is_set():
            for records in self.consumer.poll(timeout_ms=50).values():
                with lock:
                    self.values.extend(int(r.value.decode()) for r in records)
            self.partitions = sorted(tp.partition for tp in self.consumer.assignment())
        self.consumer.commit()
        self.consumer.close()

    def leave(self):
        self.stopping.set()
        self.join(30)


def wait_until(done, values, timeout=40):
    deadline = time.time() + timeout
    while not done():
        if time.time() > deadline:
            raise SystemExit(json.dumps({**report, "timeout": True, "seen": sorted(values)}))
        time.sleep(0.05)


def covered(members):
    parts = sorted(p for m in members for p in m.partitions)
    return parts == list(range(6)) and all(m.partitions for m in members)


def produce(start, count):
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    for i in range(start, start + count):
        producer.send(topic, value=str(i).encode(), partition=i % 6)
    producer.flush(10)
    producer.close()


seen = []
members = [Member(seen) for _ in range(3)]
wait_until(lambda: len(seen) >= 60 and covered(members), seen)
report["assignments"].append([m.partitions for m in members])
members[0].leave()
rest = members[1:]
wait_until(lambda: covered(rest), seen)
report["assignments"].append([m.partitions for m in rest])
produce(60, 30)
wait_until(lambda: len(seen) >= 90, seen)
for m in rest:
    m.leave()
report["seen"] = sorted(seen)

produce(90, 30)
resumed = []
members = [Member(resumed) for _ in range(3)]
wait_until(lambda: len(resumed) >= 30 and covered(members), resumed)
time.sleep(0.3)
for m in members:
    m.leave()
report["resumed"] = sorted(resumed)
print(json.dumps(report))
