#!/usr/bin/python3
"""kafka-python 2.0.2's admin view of consumer groups; prints JSON.

Usage: kafka_python_admin.py <bootstrap> <group>...

For each group: list_consumer_groups (every broker), describe_consumer_groups (state, protocol,
members with client id, host and assigned partitions) and list_consumer_group_offsets.
"""
import json
import sys

from kafka.admin import KafkaAdminClient
from kafka.coordinator.protocol import ConsumerProtocolMemberAssignment

bootstrap, groups = sys.argv[1], sys.argv[2:]
admin = KafkaAdminClient(bootstrap_servers=bootstrap)
report = {"listed": sorted([g[0], g[1]] for g in admin.list_consumer_groups()), "groups": {}}
for description in admin.describe_consumer_groups(groups):
    members = []
    for m in description.members:
        # describe_consumer_groups already decodes assignments of "consumer" groups; raw bytes otherwise.
        assignment = m.member_assignment
        if isinstance(assignment, (bytes, bytearray)):
            assignment = ConsumerProtocolMemberAssignment.decode(assignment) if assignment else None
        members.append({
            "client_id": m.client_id,
            "client_host": m.client_host,
            "partitions": sorted(p for _, ps in (assignment.assignment if assignment else []) for p in ps),
        })
    offsets = admin.list_consumer_group_offsets(description.group)
    report["groups"][description.group] = {
        "state": description.state,
        "protocol_type": description.protocol_type,
        "protocol": description.protocol,
        "members": members,
        "offsets": {f"{tp.topic}:{tp.partition}": om.offset for tp, om in sorted(offsets.items())},
    }
admin.close()
print(json.dumps(report))
