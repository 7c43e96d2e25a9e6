#!/usr/bin/env bash
# Synthesizes the spoken-command test set with espeak-ng and sox (Debian: apt-get install espeak-ng sox).
# Output: 16 kHz mono 16-bit WAVs with 300 ms of leading and 200 ms of trailing silence, and manifest.tsv
# (file, expected text, voice, speed in words per minute, noise). sox runs repeatable (-R: seeded noise and dither), so a rerun
# with the same tool versions gives the same files.
set -euo pipefail
cd "$(dirname "$0")"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install espeak-ng sox" >&2; exit 1; }
done

commands=(
  "turn on the lights" "turn off the lights" "open the door" "close the door" "lock the door"
  "unlock the door" "play some music" "stop the music" "volume up" "volume down" "what time is it"
  "call my mother" "set an alarm" "cancel the alarm" "start the timer" "stop the timer" "next song"
  "previous song" "turn on the heating" "turn off the heating"
)
out_of_grammar=(
  "what is the weather today" "send a message to john" "hello how are you" "order a large pizza"
  "read me the news" "where is my phone" "open the window"
  "turn up the radio"
)
voices=(en-us en-gb en+m3 en+f3 en+f4)
speeds=(160 180 200)

rm -f ./*.wav
manifest=manifest.tsv
printf 'file\texpected\tvoice\tspeed\tnoise\n' > "$manifest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

trim="silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse"

slug() { tr ' ' '-' <<< "$1"; }

# say TEXT VOICE SPEED NOISE FILE: synthesizes one utterance, padded, with NOISE (none|pink|brown) mixed in.
say() {
  local text=$1 voice=$2 speed=$3 noise=$4 file=$5
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
  # espeak-ng's own leading and trailing silence is trimmed so the pads are exact.
  sox -R "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$tmp/clean.wav" $trim pad 0.3 0.2
  if [[ $noise == none ]]; then
    mv "$tmp/clean.wav" "$file"
  else
    local length
    length=$(soxi -D "$tmp/clean.wav")
    sox -R -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth "$length" "${noise}noise" vol 0.03
    sox -R -m "$tmp/clean.wav" "$tmp/noise.wav" -b 16 "$file" norm -1
  fi
}

for i in "${!commands[@]}"; do
  text=${commands[$i]}
  for j in "${!voices[@]}"; do
    voice=${voices[$j]}
    speed=${speeds[$(((i + j) % 3))]}
    noise=none
    if (( j == i % 5 )); then noise=$([[ $((i % 2)) == 0 ]] && echo pink || echo brown); fi
    file="cmd-$(slug "$text")-${voice/+/_}-$speed$([[ $noise == none ]] || echo "-$noise").wav"
    say "$text" "$voice" "$speed" "$noise" "$file"
    printf '%s\t%s\t%s\t%s\t%s\n' "$file" "$text" "$voice" "$speed" "$noise" >> "$manifest"
  done
done

for i in "${!out_of_grammar[@]}"; do
  text=${out_of_grammar[$i]}
  voice=${voices[$((i % 5))]}
  speed=${speeds[$((i % 3))]}
  file="oog-$(slug "$text")-${voice/+/_}-$speed.wav"
  say "$text" "$voice" "$speed" none "$file"
  printf '%s\t\t%s\t%s\t%s\n' "$file" "$voice" "$speed" none >> "$manifest"
done

sox -R -n -r 16000 -c 1 -b 16 silence.wav trim 0 1.0
printf 'silence.wav\t\t-\t-\tnone\n' >> "$manifest"
# Noise without speech, louder than the noise under the commands: expected unrecognized.
sox -R -n -r 16000 -c 1 -b 16 noise-pink.wav synth 1.0 pinknoise vol 0.1
printf 'noise-pink.wav\t\t-\t-\tpink\n' >> "$manifest"

# For the client's conversion tests: the same command at other rates and channel counts.
espeak-ng -v en-us -s 200 -w "$tmp/raw.wav" "volume up"
sox -R "$tmp/raw.wav" -r 44100 -c 2 -b 16 convert-44k-stereo-volume-up.wav $trim pad 0.2 0.1
sox -R "$tmp/raw.wav" -r 8000 -c 1 -b 16 convert-8k-volume-up.wav $trim pad 0.3 0.2
printf 'convert-44k-stereo-volume-up.wav\tvolume up\ten-us\t200\tnone\n' >> "$manifest"
printf 'convert-8k-volume-up.wav\tvolume up\ten-us\t200\tnone\n' >> "$manifest"

echo "$(($(wc -l < "$manifest") - 1)) files, $(du -sh . | cut -f1)"
