package org.longscribe.bench;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.longscribe.pcm.MappedPcm;

/**
 * Encodes 16 kHz mono PCM with FFmpeg's encoders: the benchmark's podcast-like mp3, and test inputs
 * the system's tools may not make (32-bit FLAC needs FFmpeg 6.1 or later). Not part of transcription.
 */
public final class AudioEncoder {
    /**
     * What to write.
     *
     * @param muxer             FFmpeg output format ("mp3", "flac")
     * @param encoder           encoder name ("libmp3lame", "flac")
     * @param sampleFormat      an AV_SAMPLE_FMT_* value the encoder takes
     * @param bitsPerRawSample  significant bits (24 or 32 for FLAC from S32), 0 for the default
     */
    public record Format(String muxer, String encoder, int rate, int channels, int sampleFormat, long bitRate,
                         int bitsPerRawSample) {
        /** 44.1 kHz stereo mp3, like a podcast download. */
        public static Format podcastMp3(long bitRate) {
            return new Format("mp3", "libmp3lame", 44_100, 2, AV_SAMPLE_FMT_FLTP, bitRate, 0);
        }

        /** FLAC with {@code bits} significant bits per sample (up to 32) at {@code rate}. */
        public static Format flac(int rate, int bits) {
            return new Format("flac", "flac", rate, 1, AV_SAMPLE_FMT_S32, 0, bits);
        }
    }

    private AudioEncoder() {
    }

    public static void encode(MappedPcm pcm, Path out, Format f) throws IOException {
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_alloc_output_context2(format, null, f.muxer(), out.toString()), "output context");
        AVCodec codec = avcodec_find_encoder_by_name(f.encoder());
        if (codec == null) {
            throw new IOException("this FFmpeg build has no " + f.encoder() + " encoder");
        }
        AVStream stream = avformat_new_stream(format, null);
        AVCodecContext context = avcodec_alloc_context3(codec);
        context.sample_rate(f.rate());
        av_channel_layout_default(context.ch_layout(), f.channels());
        context.sample_fmt(f.sampleFormat());
        if (f.bitRate() > 0) {
            context.bit_rate(f.bitRate());
        }
        if (f.bitsPerRawSample() > 0) {
            context.bits_per_raw_sample(f.bitsPerRawSample());
            context.strict_std_compliance(-2); // FF_COMPLIANCE_EXPERIMENTAL: 32-bit FLAC is still marked so
        }
        context.time_base(av_make_q(1, f.rate()));
        check(avcodec_open2(context, codec, (AVDictionary) null), "open " + f.encoder());
        check(avcodec_parameters_from_context(stream.codecpar(), context), "stream parameters");
        stream.time_base(av_make_q(1, f.rate()));
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, out.toString(), AVIO_FLAG_WRITE), "open " + out);
        format.pb(io);
        check(avformat_write_header(format, (AVDictionary) null), "write header");

        AVChannelLayout mono = new AVChannelLayout();
        av_channel_layout_default(mono, 1);
        SwrContext swr = new SwrContext(null);
        check(swr_alloc_set_opts2(swr, context.ch_layout(), f.sampleFormat(), f.rate(), mono, AV_SAMPLE_FMT_S16, 16_000, 0, null),
                "resampler");
        check(swr_init(swr), "resampler");
        int frameSize = context.frame_size() > 0 ? context.frame_size() : 4096;
        AVAudioFifo fifo = av_audio_fifo_alloc(f.sampleFormat(), f.channels(), frameSize * 8);
        AVFrame frame = av_frame_alloc();
        frame.nb_samples(frameSize);
        frame.format(f.sampleFormat());
        frame.sample_rate(f.rate());
        av_channel_layout_default(frame.ch_layout(), f.channels());
        check(av_frame_get_buffer(frame, 0), "frame");
        AVPacket packet = av_packet_alloc();
        int converted = 16_384;
        PointerPointer<BytePointer> planes = new PointerPointer<>(f.channels());
        check(av_samples_alloc(planes, null, f.channels(), converted, f.sampleFormat(), 0), "buffer");
        long[] pts = {0};
        try {
            pcm.slice(0, pcm.count()).forEachChunk(8192, chunk -> {
                PointerPointer<?> in = new PointerPointer<BytePointer>(1).put(0, new BytePointer(chunk));
                int n = swr_convert(swr, planes, converted, in, chunk.remaining() / 2);
                check(n, "resample");
                av_audio_fifo_write(fifo, planes, n);
                pts[0] = drain(fifo, frame, frameSize, context, format, stream, packet, pts[0], false);
            });
            int n;
            while ((n = swr_convert(swr, planes, converted, (PointerPointer<?>) null, 0)) > 0) {
                av_audio_fifo_write(fifo, planes, n);
            }
            drain(fifo, frame, frameSize, context, format, stream, packet, pts[0], true);
            check(avcodec_send_frame(context, null), "flush");
            writePackets(context, format, stream, packet);
            check(av_write_trailer(format), "trailer");
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            av_audio_fifo_free(fifo);
            swr_free(swr);
            avcodec_free_context(context);
            avio_closep(format.pb());
            avformat_free_context(format);
        }
    }

    private static long drain(AVAudioFifo fifo, AVFrame frame, int frameSize, AVCodecContext context, AVFormatContext format,
                              AVStream stream, AVPacket packet, long pts, boolean last) throws IOException {
        while (av_audio_fifo_size(fifo) >= frameSize || (last && av_audio_fifo_size(fifo) > 0)) {
            check(av_frame_make_writable(frame), "frame");
            int n = av_audio_fifo_read(fifo, frame.extended_data(), Math.min(frameSize, av_audio_fifo_size(fifo)));
            frame.nb_samples(n);
            frame.pts(pts);
            pts += n;
            check(avcodec_send_frame(context, frame), "encode");
            writePackets(context, format, stream, packet);
        }
        return pts;
    }

    private static void writePackets(AVCodecContext context, AVFormatContext format, AVStream stream, AVPacket packet)
            throws IOException {
        while (avcodec_receive_packet(context, packet) >= 0) {
            av_packet_rescale_ts(packet, context.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "write");
        }
    }

    private static int check(int r, String what) throws IOException {
        if (r < 0) {
            throw new IOException("encoding: " + what + " failed (" + r + ")");
        }
        return r;
    }
}
