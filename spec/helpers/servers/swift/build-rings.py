# Builds one-device rings (part power 10, 1 replica) for the test Swift, in one Python process
# instead of nine swift-ring-builder runs. Usage: python3 build-rings.py ETC_DIR ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT
import os
import sys

from swift.common.ring import RingBuilder

etc, ports = sys.argv[1], dict(zip(('account', 'container', 'object'), map(int, sys.argv[2:5])))
for name, port in ports.items():
    builder = RingBuilder(10, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 100})
    builder.rebalance()
    builder.save(os.path.join(etc, name + '.builder'))
    builder.get_ring().save(os.path.join(etc, name + '.ring.gz'))
