"""Thrift compact protocol, generic: enough to read a Parquet footer, change a few fields, write it back.

A struct is a dict ``field id → (compact type, value)``; a list is ``(element type, [values])``; a map is
``(key type, value type, [(key, value)])``. Unknown fields survive a round trip unchanged, so a footer
from any writer can be rewritten without a schema of every Parquet version's fields.
"""

from __future__ import annotations

import struct
from typing import Any

TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(1, 13)
Struct = dict[int, tuple[int, Any]]


class Reader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def varint(self) -> int:
        out = shift = 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            out |= (byte & 0x7F) << shift
            if byte < 0x80:
                return out
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, ctype: int) -> Any:
        if ctype in (TRUE, FALSE):  # inside a list: one byte each, 1 = true
            byte = self.data[self.pos]
            self.pos += 1
            return byte == TRUE
        if ctype == BYTE:
            byte = self.data[self.pos]
            self.pos += 1
            return byte - 256 if byte > 127 else byte
        if ctype in (I16, I32, I64):
            return self.zigzag()
        if ctype == DOUBLE:
            (number,) = struct.unpack_from("<d", self.data, self.pos)
            self.pos += 8
            return number
        if ctype == BINARY:
            size = self.varint()
            raw = bytes(self.data[self.pos : self.pos + size])
            self.pos += size
            return raw
        if ctype in (LIST, SET):
            head = self.data[self.pos]
            self.pos += 1
            size, element = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return (element, [self.value(element) for _ in range(size)])
        if ctype == MAP:
            size = self.varint()
            if size == 0:
                return (0, 0, [])
            kinds = self.data[self.pos]
            self.pos += 1
            key, val = kinds >> 4, kinds & 0x0F
            return (key, val, [(self.value(key), self.value(val)) for _ in range(size)])
        if ctype == STRUCT:
            return self.struct()
        raise ValueError(f"unknown thrift compact type {ctype}")

    def struct(self) -> Struct:
        out: Struct = {}
        last = 0
        while True:
            head = self.data[self.pos]
            self.pos += 1
            if head == 0:
                return out
            delta, ctype = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            last = fid
            out[fid] = (ctype, True if ctype == TRUE else False if ctype == FALSE else self.value(ctype))


class Writer:
    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, n: int) -> None:
        while n >= 0x80:
            self.out.append((n & 0x7F) | 0x80)
            n >>= 7
        self.out.append(n)

    def zigzag(self, n: int) -> None:
        self.varint((n << 1) ^ (n >> 63))

    def value(self, ctype: int, value: Any) -> None:
        if ctype in (TRUE, FALSE):
            self.out.append(TRUE if value else 0)
        elif ctype == BYTE:
            self.out.append(value & 0xFF)
        elif ctype in (I16, I32, I64):
            self.zigzag(value)
        elif ctype == DOUBLE:
            self.out += struct.pack("<d", value)
        elif ctype == BINARY:
            self.varint(len(value))
            self.out += value
        elif ctype in (LIST, SET):
            element, items = value
            if len(items) < 15:
                self.out.append((len(items) << 4) | element)
            else:
                self.out.append(0xF0 | element)
                self.varint(len(items))
            for item in items:
                self.value(element, item)
        elif ctype == MAP:
            key, val, pairs = value
            self.varint(len(pairs))
            if pairs:
                self.out.append((key << 4) | val)
                for k, v in pairs:
                    self.value(key, k)
                    self.value(val, v)
        elif ctype == STRUCT:
            self.struct(value)
        else:
            raise ValueError(f"unknown thrift compact type {ctype}")

    def struct(self, fields: Struct) -> None:
        last = 0
        for fid in sorted(fields):
            ctype, value = fields[fid]
            if ctype in (TRUE, FALSE):
                ctype = TRUE if value else FALSE
            if 0 < fid - last <= 15:
                self.out.append(((fid - last) << 4) | ctype)
            else:
                self.out.append(ctype)
                self.zigzag(fid)
            last = fid
            if ctype not in (TRUE, FALSE):
                self.value(ctype, value)
        self.out.append(0)


def decode(data: bytes) -> Struct:
    return Reader(data).struct()


def encode(fields: Struct) -> bytes:
    writer = Writer()
    writer.struct(fields)
    return bytes(writer.out)
