#!/usr/bin/env bash
# Regenerates the recordings in test-data/ from the reference texts. Needs espeak-ng, sox and ffmpeg
# (apt-get install espeak-ng sox ffmpeg); longscribe itself and its tests need none of them.
# Each line of a *.txt file is spoken as one sentence; pauses between sentences vary, as in a talk.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# speak TEXT_FILE OUT_WAV: 16 kHz mono s16 WAV, sentences separated by pauses of 0.6 to 1.8 s.
speak() {
  local text="$1" out="$2" i=0 parts=()
  sox -n -r 16000 -c 1 -b 16 "$tmp/lead.wav" trim 0 0.5
  parts+=("$tmp/lead.wav")
  while IFS= read -r line; do
    [[ -z "$line" ]] && continue
    i=$((i + 1))
    espeak-ng -v en-us -s 150 -w "$tmp/s$i.raw.wav" "$line"
    sox "$tmp/s$i.raw.wav" -r 16000 -c 1 -b 16 "$tmp/s$i.wav"
    local pause; pause=$(awk -v i="$i" 'BEGIN { printf "%.1f", 0.6 + (i * 7 % 13) / 10 }')
    sox -n -r 16000 -c 1 -b 16 "$tmp/p$i.wav" trim 0 "$pause"
    parts+=("$tmp/s$i.wav" "$tmp/p$i.wav")
  done < "$text"
  sox "${parts[@]}" "$out"
}

# lecture.mp3: several sentences with pauses, 44.1 kHz stereo mp3 like a podcast download, with a little noise.
speak lecture.txt "$tmp/lecture.wav"
sox "$tmp/lecture.wav" -p synth whitenoise vol 0.003 | sox -m "$tmp/lecture.wav" - "$tmp/lecture-noisy.wav"
ffmpeg -v error -y -i "$tmp/lecture-noisy.wav" -ar 44100 -ac 2 -c:a libmp3lame -b:a 64k lecture.mp3

# weather.wav: already 16 kHz mono s16, so longscribe maps it without decoding.
speak weather.txt weather.wav

# weather.ogg (Opus) and weather.flac: the same speech in other containers.
ffmpeg -v error -y -i weather.wav -c:a libopus -b:a 24k weather.ogg
ffmpeg -v error -y -i weather.wav -ar 22050 -c:a flac weather.flac

# Odd but valid containers and sample formats (issue 5). 32-bit FLAC needs FFmpeg 6.1 or later, so the
# tests make that one themselves with the FFmpeg longscribe bundles.
ffmpeg -v error -y -i weather.wav -sample_fmt s32 -bits_per_raw_sample 24 -c:a flac -compression_level 12 weather-24bit.flac
ffmpeg -v error -y -i weather.wav -c:a aac -b:a 32k weather.m4a
ffmpeg -v error -y -f lavfi -i color=c=black:s=64x48:r=2 -i weather.wav -shortest \
  -c:v libx264 -preset veryslow -crf 51 -pix_fmt yuv420p -c:a aac -b:a 32k weather.mp4
