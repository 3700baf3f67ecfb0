#!/usr/bin/env bash
# Download another embedding model for the onnx provider (needs internet access to huggingface.co). Not needed for
# the default: the onnx provider runs the built-in all-MiniLM-L6-v2 when Embeddings__ModelPath is empty.
#
#   scripts/fetch-model.sh [--quantized] [repo] [dest]
#     repo  Hugging Face model repository with an onnx/ export (default Xenova/bge-small-zh-v1.5)
#     dest  target directory (default ./models/<repo name>)
#
# Then configure:  Embeddings__Provider=onnx  Embeddings__ModelPath=<dest>/model.onnx
#                  Embeddings__VocabPath=<dest>/vocab.txt  Embeddings__Dimension=512  Embeddings__Pooling=cls  Embeddings__MaxTokens=512
# (bge-small-zh-v1.5: 512 dims, CLS pooling, L2-normalised, 512 tokens).
# Set HF_ENDPOINT to use a mirror, HF_TOKEN for gated repositories.
set -euo pipefail

file="model.onnx"
if [[ "${1:-}" == "--quantized" ]]; then file="model_quantized.onnx"; shift; fi
repo="${1:-Xenova/bge-small-zh-v1.5}"
dest="${2:-./models/${repo##*/}}"
endpoint="${HF_ENDPOINT:-https://huggingface.co}"
base="$endpoint/$repo/resolve/main"

command -v curl >/dev/null || { echo "fetch-model: curl is required" >&2; exit 1; }
if ! curl -fsS -o /dev/null --head --max-time 15 "$base/vocab.txt"; then
  echo "fetch-model: cannot reach $base (no network, wrong repo, or a gated model)." >&2
  echo "Download onnx/$file and vocab.txt by hand into $dest, or set HF_ENDPOINT to a reachable mirror." >&2
  exit 2
fi

mkdir -p "$dest"
auth=()
if [[ -n "${HF_TOKEN:-}" ]]; then auth=(-H "Authorization: Bearer $HF_TOKEN"); fi

fetch() { # url target: download to a temporary file, move into place only when complete
  local tmp="$2.part"
  curl -fL --retry 3 "${auth[@]}" -o "$tmp" "$1"
  mv "$tmp" "$2"
}

fetch "$base/vocab.txt" "$dest/vocab.txt"
fetch "$base/onnx/$file" "$dest/model.onnx"

echo "fetch-model: wrote $dest/model.onnx ($file) and $dest/vocab.txt"
echo "Set Embeddings:ModelPath=$dest/model.onnx and Embeddings:VocabPath=$dest/vocab.txt"
