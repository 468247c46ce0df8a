# Prepares the test Swift in one Python process (instead of nine swift-ring-builder runs):
# checks that the devices directory supports user xattrs (Swift stores object metadata in them), then builds
# one-device rings (part power 10, 1 replica).
# Usage: python3 build-rings.py ETC_DIR DEVICES_DIR ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT
import os
import sys

from swift.common.ring import RingBuilder

etc, devices = sys.argv[1], sys.argv[2]
ports = dict(zip(('account', 'container', 'object'), map(int, sys.argv[3:6])))

probe = os.path.join(devices, '.xattr-probe')
try:
    with open(probe, 'w'):
        pass
    os.setxattr(probe, 'user.swift.probe', b'1')
except OSError as error:
    sys.stderr.write('%s does not support user xattrs (%s); Swift needs them. Point TMPDIR at ext4 or xfs.\n' % (devices, error))
    sys.exit(3)
finally:
    if os.path.exists(probe):
        os.remove(probe)

for name, port in ports.items():
    builder = RingBuilder(10, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 100})
    builder.rebalance()
    builder.save(os.path.join(etc, name + '.builder'))
    builder.get_ring().save(os.path.join(etc, name + '.ring.gz'))
