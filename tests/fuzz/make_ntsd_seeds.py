#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/nt_security_descriptor_fuzz.cpp: self-relative NT security
descriptors (MS-DTYP 2.4.6) as a CIFS mount hands them out in system.cifs_acl, one per case the policy
tests cover (tests/scanner/policy/nt_security_descriptor_test.cpp builds the same ones in C++).
Run from anywhere: python3 tests/fuzz/make_ntsd_seeds.py (writes tests/fuzz/seeds/ntsd/)"""
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "ntsd")


def sid(authority, *sub):
    return bytes([1, len(sub)]) + authority.to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in sub)


def domain(rid):
    return sid(5, 21, 1004336348, 1177238915, 682003330, rid)


EVERYONE, AUTH_USERS, ADMINS = sid(1, 0), sid(5, 11), sid(5, 32, 544)
ALLOW, DENY, INHERIT_ONLY, OBJECT_INHERIT = 0, 1, 0x08, 0x01
READ, FULL = 0x1200A9, 0x1F01FF


def ace(kind, flags, mask, who):
    return struct.pack("<BBHI", kind, flags, 8 + len(who), mask) + who


def descriptor(owner, group, aces):
    control = 0x8000 | (0x0004 if aces is not None else 0)
    body = b""
    dacl_at = 0
    if aces is not None:
        dacl_at = 20
        entries = b"".join(aces)
        body += struct.pack("<BBHHH", 2, 0, 8 + len(entries), len(aces), 0) + entries
    owner_at = 20 + len(body)
    body += owner
    group_at = 20 + len(body)
    body += group
    return struct.pack("<BBHIIII", 1, 0, control, owner_at, group_at, 0, dacl_at) + body


SEEDS = {
    "everyone_read": descriptor(domain(1107), domain(513), [ace(ALLOW, 0, FULL, ADMINS), ace(ALLOW, 0, READ, EVERYONE)]),
    "domain_users_read": descriptor(domain(1107), domain(513), [ace(ALLOW, 0, READ, domain(513))]),
    "authenticated_users_read": descriptor(domain(1107), domain(513), [ace(ALLOW, 0, READ, AUTH_USERS)]),
    "deny_before_allow": descriptor(domain(1107), domain(513), [ace(DENY, 0, 1, EVERYONE), ace(ALLOW, 0, FULL, EVERYONE)]),
    "inherit_only": descriptor(domain(1107), domain(513),
                               [ace(ALLOW, INHERIT_ONLY | OBJECT_INHERIT, FULL, EVERYONE), ace(ALLOW, 0, FULL, domain(1107))]),
    "null_dacl": descriptor(domain(1107), domain(513), None),
    "empty_dacl": descriptor(domain(1107), domain(513), []),
}
SEEDS["truncated"] = SEEDS["everyone_read"][:40]

for name, data in SEEDS.items():
    with open(os.path.join(HERE, name + ".bin"), "wb") as f:
        f.write(data)
