#!/usr/bin/python3
"""Generate the tiny BERT-shaped ONNX models used by the unit tests.

They prove plumbing only (tokenisation, batching, padding, pooling, normalisation, shapes,
thread safety), never semantic quality. Their computation is simple enough that a test can
reproduce it by hand:

    last_hidden_state[b, s, j] = E[input_ids[b, s] mod K, j] + T[token_type_ids[b, s], j]
    E[k, j] = ((k * 31 + j * 17) mod 23 - 11) / 8        (exact in float32)
    T[t, j] = t / 2 + j / 8

attention_mask is declared (as in real exports) but deliberately unused, so padded positions
carry non-zero vectors and a pooling bug that ignores the mask shows up in the tests.

Run with Debian's python3-onnx + python3-numpy:  /usr/bin/python3 scripts/make-tiny-onnx.py
Writes tests/fixtures/tiny-bert.onnx and tests/fixtures/tiny-bert-no-token-types.onnx.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

K = 64       # id buckets (ids are reduced mod K so the table stays tiny for any vocabulary)
HIDDEN = 8   # hidden size
TYPES = 2    # token type ids 0/1


def table_e():
    k = np.arange(K).reshape(K, 1)
    j = np.arange(HIDDEN).reshape(1, HIDDEN)
    return (((k * 31 + j * 17) % 23 - 11) / 8.0).astype(np.float32)


def table_t():
    t = np.arange(TYPES).reshape(TYPES, 1)
    j = np.arange(HIDDEN).reshape(1, HIDDEN)
    return (t / 2.0 + j / 8.0).astype(np.float32)


def build(with_token_types):
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])
    types = helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "sequence"])
    out = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", HIDDEN])

    inits = [numpy_helper.from_array(table_e(), "E"), numpy_helper.from_array(np.array(K, dtype=np.int64), "K")]
    nodes = [
        helper.make_node("Mod", ["input_ids", "K"], ["bucket"], fmod=0),
        helper.make_node("Gather", ["E", "bucket"], ["word" if with_token_types else "last_hidden_state"], axis=0),
    ]
    inputs = [ids, mask]
    if with_token_types:
        inputs.append(types)
        inits.append(numpy_helper.from_array(table_t(), "T"))
        nodes += [
            helper.make_node("Gather", ["T", "token_type_ids"], ["type"], axis=0),
            helper.make_node("Add", ["word", "type"], ["last_hidden_state"]),
        ]
    graph = helper.make_graph(nodes, "tiny_bert", inputs, [out], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="taskrunner-make-tiny-onnx")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    fixtures = os.path.join(root, "tests", "fixtures")
    os.makedirs(fixtures, exist_ok=True)
    for name, with_types in (("tiny-bert.onnx", True), ("tiny-bert-no-token-types.onnx", False)):
        path = os.path.join(fixtures, name)
        onnx.save(build(with_types), path)
        print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
