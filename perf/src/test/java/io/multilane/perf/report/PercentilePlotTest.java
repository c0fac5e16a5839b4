package io.multilane.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PercentilePlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAReadablePngWithACurve() throws IOException {
        final Histogram h = new Histogram(LatencyLog.HIGHEST_TRACKABLE_NANOS, 3);
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(i * 100L);
        }
        final Path png = dir.resolve("latency.png");
        PercentilePlot.write(h, "test", png);
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertEquals(600, image.getHeight());
        int curvePixels = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0x1F77B4) {
                    curvePixels++;
                }
            }
        }
        assertTrue(curvePixels > 500, "curve pixels: " + curvePixels);
    }

    @Test
    void emptyHistogramStillRendersAxes() throws IOException {
        final Path png = dir.resolve("empty.png");
        PercentilePlot.write(new Histogram(3), "empty", png);
        assertEquals(960, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void labelsPickAReadableUnit() {
        assertEquals("1.50 ms", PercentilePlot.latencyLabel(1500));
        assertEquals("12.0 µs", PercentilePlot.latencyLabel(12));
        assertEquals("2.00 s", PercentilePlot.latencyLabel(2_000_000));
    }
}
