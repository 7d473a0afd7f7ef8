package org.longscribe.decode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.longscribe.error.UndecodableInputException;

/**
 * Decodes with FFmpeg in-process (bytedeco's JavaCPP presets) and resamples with swresample to
 * 16 kHz mono s16, writing each converted frame straight into the WAV file. Memory is one packet,
 * one frame and one output buffer, whatever the length of the recording.
 */
public final class FfmpegDecoder implements Decoder {
    private static final int OUT_RATE = 16_000;
    private static final int EAGAIN = Platform.isMac() ? 35 : 11;

    static {
        noPhysicalMemoryLimit();
        // FFmpeg's own log lines would duplicate our one-line errors; --verbose turns them back on.
        av_log_set_level(AV_LOG_QUIET);
    }

    /**
     * JavaCPP refuses an allocation when the process's RSS exceeds 4 times the Java heap (its
     * maxPhysicalBytes), counting memory it does not own: the Vosk model alone is 130 MB of RSS, so
     * with -Xmx48m decoding failed at random, by a few MB. The bytes JavaCPP allocates itself stay
     * capped by its maxBytes (the heap size). Called before JavaCPP loads; a value set by the user wins.
     */
    public static void noPhysicalMemoryLimit() {
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
    }

    /** Lets FFmpeg print its warnings to stderr (for --verbose). */
    public static void logWarnings(boolean on) {
        av_log_set_level(on ? AV_LOG_WARNING : AV_LOG_QUIET);
    }

    /** Opens {@code input} into {@code format}; FFmpeg's return code (negative: failed, nothing to close). */
    private static int openInput(AVFormatContext format, Path input) {
        return openInput(format, input.toAbsolutePath().toString(), "file");
    }

    private static int openInput(AVFormatContext format, String url, String protocols) {
        // Java's own file-name encoding, so names with non-ASCII characters open under any locale.
        Charset nameCharset = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        AVDictionary options = new AVDictionary(null);
        // Playlists and concat files must not make us open network URLs or other files' protocols.
        av_dict_set(options, "protocol_whitelist", protocols, 0);
        int r = avformat_open_input(format, new BytePointer(url, nameCharset), null, options);
        av_dict_free(options);
        return r;
    }

    /** What a recording read from standard input is called in messages. */
    public static final Path STANDARD_INPUT = Path.of("standard input");

    /**
     * Decodes the recording on standard input into {@code wav} as it arrives (a pipe: nothing is
     * held but FFmpeg's buffers). Formats that need to seek (an mp4 whose index is at the end) fail
     * with a message that says to pass a file.
     */
    public DecodedAudio decodeStandardInput(Path wav) throws IOException {
        return decode(STANDARD_INPUT, "pipe:0", "pipe", wav);
    }

    /**
     * The recording's duration in seconds as its container states it (or FFmpeg estimates it from
     * the bit rate), without decoding: a few milliseconds. Empty when it cannot tell.
     */
    public static java.util.OptionalDouble probeSeconds(Path input) {
        AVFormatContext format = new AVFormatContext(null);
        if (openInput(format, input) < 0) {
            return java.util.OptionalDouble.empty();
        }
        try {
            if (avformat_find_stream_info(format, (PointerPointer<?>) null) < 0 || format.duration() <= 0) {
                return java.util.OptionalDouble.empty();
            }
            return java.util.OptionalDouble.of(format.duration() / 1_000_000.0); // AV_TIME_BASE units
        } finally {
            avformat_close_input(format);
        }
    }

    /** Whether a stream is a moving picture: a video stream that is not an attached picture (cover art). */
    private static boolean hasPicture(AVFormatContext format) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            if (s.codecpar().codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO
                    && (s.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DecodedAudio decode(Path input, Path wav) throws IOException {
        return decode(input, input.toAbsolutePath().toString(), "file", wav);
    }

    private DecodedAudio decode(Path input, String url, String protocols, Path wav) throws IOException {
        AVFormatContext format = new AVFormatContext(null);
        int r = openInput(format, url, protocols);
        if (r < 0) {
            throw new UndecodableInputException(input, "not a recording FFmpeg can open (" + error(r) + ")");
        }
        AVCodecContext codecContext = null;
        AVPacket packet = null;
        AVFrame frame = null;
        Resampler resampler = null;
        try {
            r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw new UndecodableInputException(input, "cannot read stream information (" + error(r) + ")");
            }
            int streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (streamIndex < 0) {
                throw new UndecodableInputException(input, "no audio stream in this " + format.iformat().name().getString() + " file");
            }
            AVStream stream = format.streams(streamIndex);
            AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
            if (codec == null) {
                throw new UndecodableInputException(input, "no decoder for its audio codec (id " + stream.codecpar().codec_id() + ")");
            }
            codecContext = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(codecContext, stream.codecpar());
            codecContext.pkt_timebase(stream.time_base());
            r = avcodec_open2(codecContext, codec, (AVDictionary) null);
            if (r < 0) {
                throw new UndecodableInputException(input, "cannot open the " + codec.name().getString() + " decoder (" + error(r) + ")");
            }
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            int badPackets = 0;
            try (WavWriter writer = new WavWriter(wav)) {
                resampler = new Resampler(input, writer);
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedIOException("decoding " + input + " interrupted");
                    }
                    r = av_read_frame(format, packet);
                    if (r < 0) {
                        break; // end of file, or a truncated file: keep what was decoded
                    }
                    if (packet.stream_index() == streamIndex) {
                        if (avcodec_send_packet(codecContext, packet) < 0) {
                            badPackets++; // damaged packet: skip it, as the ffmpeg tool does
                        }
                        badPackets += drain(codecContext, frame, resampler);
                    }
                    av_packet_unref(packet);
                }
                avcodec_send_packet(codecContext, null);
                badPackets += drain(codecContext, frame, resampler);
                resampler.flush();
                if (writer.samples() == 0) {
                    String container = format.iformat().name().getString();
                    throw new UndecodableInputException(input, badPackets > 0
                            ? "no audio could be decoded (" + badPackets + " damaged packets)"
                            : input == STANDARD_INPUT && container.contains("mp4")
                            ? "no audio could be read from the pipe: an " + container.replace(",", "/") + " file with its index at"
                                    + " the end cannot be read as it streams; pass the file itself (or remux it with"
                                    + " ffmpeg -movflags +faststart)"
                            : "contains no audio samples");
                }
                writer.finish();
                String containerName = format.iformat().name().getString();
                return new DecodedAudio(containerName, codec.name().getString(), resampler.inRate, resampler.inChannels,
                        writer.samples(), badPackets, hasPicture(format));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(wav);
            throw e;
        } finally {
            if (resampler != null) {
                resampler.free();
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codecContext != null) {
                avcodec_free_context(codecContext);
            }
            avformat_close_input(format);
        }
    }

    /** Receives every frame the decoder has ready; returns how many were rejected as damaged. */
    private static int drain(AVCodecContext codecContext, AVFrame frame, Resampler resampler) throws IOException {
        int bad = 0;
        while (true) {
            int r = avcodec_receive_frame(codecContext, frame);
            if (r == -EAGAIN || r == AVERROR_EOF()) {
                return bad;
            }
            if (r < 0) {
                bad++;
                return bad;
            }
            resampler.convert(frame);
        }
    }

    static String error(int code) {
        byte[] buf = new byte[128];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** swresample to 16 kHz mono s16, set up from the first frame and again if the input format changes. */
    private static final class Resampler {
        private final Path input;
        private final WavWriter writer;
        private SwrContext swr;
        private int inRate;
        private int inChannels;
        private int inFormat = -1;
        private BytePointer out;
        private int outCapacity;
        private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);

        Resampler(Path input, WavWriter writer) {
            this.input = input;
            this.writer = writer;
        }

        void convert(AVFrame frame) throws IOException {
            if (swr == null || frame.sample_rate() != inRate || frame.format() != inFormat
                    || frame.ch_layout().nb_channels() != inChannels) {
                if (swr != null) {
                    flush();
                    free();
                }
                open(frame);
            }
            write(swr_convert(swr, reserve(frame.nb_samples()), outCapacity, frame.extended_data(), frame.nb_samples()));
        }

        void flush() throws IOException {
            if (swr == null) {
                return;
            }
            int n;
            while ((n = swr_convert(swr, reserve(0), outCapacity, (PointerPointer<?>) null, 0)) > 0) {
                write(n);
            }
        }

        private void open(AVFrame frame) throws IOException {
            inRate = frame.sample_rate();
            inFormat = frame.format();
            inChannels = frame.ch_layout().nb_channels();
            if (inRate <= 0 || inChannels <= 0) {
                throw new UndecodableInputException(input, "audio stream has " + inChannels + " channels at " + inRate + " Hz");
            }
            AVChannelLayout inLayout = frame.ch_layout();
            if (inLayout.order() == AV_CHANNEL_ORDER_UNSPEC) {
                inLayout = new AVChannelLayout();
                av_channel_layout_default(inLayout, inChannels);
            }
            AVChannelLayout mono = new AVChannelLayout();
            av_channel_layout_default(mono, 1);
            swr = new SwrContext(null);
            int r = swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_S16, OUT_RATE, inLayout, inFormat, inRate, 0, null);
            if (r < 0 || (r = swr_init(swr)) < 0) {
                throw new UndecodableInputException(input, "cannot resample " + inChannels + " channels at " + inRate
                        + " Hz (" + error(r) + ")");
            }
        }

        private PointerPointer<BytePointer> reserve(int inSamples) {
            int needed = Math.max(4096, swr_get_out_samples(swr, inSamples));
            if (needed > outCapacity) {
                if (out != null) {
                    out.close();
                }
                outCapacity = Integer.highestOneBit(needed - 1) << 1;
                out = new BytePointer((long) outCapacity * 2);
                outPlanes.put(0, out);
            }
            return outPlanes;
        }

        private void write(int samples) throws IOException {
            if (samples < 0) {
                throw new UndecodableInputException(input, "resampling failed (" + error(samples) + ")");
            }
            if (samples > 0) {
                writer.write(out.position(0).limit((long) samples * 2).asByteBuffer());
            }
        }

        void free() {
            if (swr != null) {
                swr_free(swr);
                swr = null;
            }
        }
    }
}
