#!/usr/bin/python3
"""Joins a group with kafka-python 2.0.2, prints its assignment as one JSON line, then keeps
polling (and heartbeating) until killed. The test kills it with SIGKILL: no LeaveGroup is sent,
so only the coordinator's session timeout can remove it.

Usage: hold_member.py <bootstrap> <topic> <group> <session-timeout-ms>
"""
import json
import sys

from kafka import KafkaConsumer

bootstrap, topic, group, session_timeout_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = KafkaConsumer(
    bootstrap_servers=bootstrap,
    group_id=group,
    session_timeout_ms=session_timeout_ms,
    heartbeat_interval_ms=200,
    fetch_max_wait_ms=100,
)
consumer.subscribe([topic])
reported = False
while True:
    consumer.poll(timeout_ms=100)
    if consumer.assignment() and not reported:
        print(json.dumps(sorted(tp.partition for tp in consumer.assignment())), flush=True)
        reported = True
