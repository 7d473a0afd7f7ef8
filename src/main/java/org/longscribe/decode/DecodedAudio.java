package org.longscribe.decode;

/**
 * What the decoder found and wrote.
 *
 * @param container    the demuxer's name (e.g. "mp3", "mov,mp4,m4a,3gp,3g2,mj2", "wav")
 * @param codec        the audio codec's name
 * @param sampleRate   the source's sample rate
 * @param channels     the source's channel count
 * @param samples      16 kHz samples written
 * @param badPackets   packets the decoder rejected and skipped (a damaged file still yields the rest)
 * @param video        whether the input also has a picture (a video stream that is not cover art)
 */
public record DecodedAudio(String container, String codec, int sampleRate, int channels, long samples, int badPackets,
                           boolean video) {
    public DecodedAudio(String container, String codec, int sampleRate, int channels, long samples, int badPackets) {
        this(container, codec, sampleRate, channels, samples, badPackets, false);
    }
}
