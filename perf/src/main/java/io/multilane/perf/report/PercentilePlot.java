package io.multilane.perf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;

/**
 * Renders a latency histogram as the classic HdrHistogram percentile plot: latency (log scale)
 * against percentile on a "number of nines" axis (50%, 90%, 99%, … 99.999%), so the tail is as
 * visible as the median. Pure Java2D in headless mode; any thread.
 */
public final class PercentilePlot {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final int MAX_NINES = 5;

    private PercentilePlot() {
    }

    /**
     * Writes the plot as a PNG.
     *
     * @param histogram latencies in nanoseconds
     * @param title     the plot's title
     * @param png       the file to write
     * @throws IOException if the file cannot be written
     */
    public static void write(final Histogram histogram, final String title, final Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, histogram, title);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void draw(final Graphics2D g, final Histogram h, final String title) {
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        final double minUs = Math.max(0.1, h.getTotalCount() == 0 ? 1 : h.getMinValue() / 1000.0);
        final double maxUs = Math.max(minUs * 10, h.getTotalCount() == 0 ? 10 : h.getMaxValue() / 1000.0);
        final double logMin = Math.floor(Math.log10(minUs));
        final double logMax = Math.ceil(Math.log10(maxUs));

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xDDDDDD));
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            final int x = LEFT + plotW * nines / MAX_NINES;
            g.drawLine(x, TOP, x, TOP + plotH);
        }
        for (double d = logMin; d <= logMax; d++) {
            final int y = yOf(d, logMin, logMax, plotH);
            g.drawLine(LEFT, y, LEFT + plotW, y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, plotW, plotH);
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            final String label = percentileLabel(nines);
            g.drawString(label, LEFT + plotW * nines / MAX_NINES - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        for (double d = logMin; d <= logMax; d++) {
            final String label = latencyLabel(Math.pow(10, d));
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), yOf(d, logMin, logMax, plotH) + 4);
        }
        g.drawString("percentile", LEFT + plotW / 2 - 30, HEIGHT - 25);
        g.drawString("latency", 10, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 30);

        if (h.getTotalCount() == 0) {
            return;
        }
        g.setColor(new Color(0x1F77B4));
        g.setStroke(new BasicStroke(2f));
        int prevX = -1;
        int prevY = -1;
        for (int px = 0; px <= plotW; px += 2) {
            final double nines = MAX_NINES * (double) px / plotW;
            final double percentile = 100.0 * (1.0 - Math.pow(10, -nines));
            final double us = Math.max(h.getValueAtPercentile(percentile) / 1000.0, Math.pow(10, logMin));
            final int x = LEFT + px;
            final int y = yOf(Math.log10(us), logMin, logMax, plotH);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            prevX = x;
            prevY = y;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "n=%d  p50=%s  p99=%s  p99.99=%s  max=%s", h.getTotalCount(),
                latencyLabel(h.getValueAtPercentile(50) / 1000.0), latencyLabel(h.getValueAtPercentile(99) / 1000.0),
                latencyLabel(h.getValueAtPercentile(99.99) / 1000.0), latencyLabel(h.getMaxValue() / 1000.0)),
                LEFT + 10, TOP + 20);
    }

    private static int yOf(final double log10Us, final double logMin, final double logMax, final int plotH) {
        return TOP + plotH - (int) Math.round(plotH * (log10Us - logMin) / (logMax - logMin));
    }

    private static String percentileLabel(final int nines) {
        if (nines == 0) {
            return "0%";
        }
        final double p = 100.0 * (1.0 - Math.pow(10, -nines));
        return String.format(Locale.ROOT, nines <= 2 ? "%.0f%%" : "%." + (nines - 2) + "f%%", p);
    }

    static String latencyLabel(final double us) {
        if (us >= 1_000_000) {
            return String.format(Locale.ROOT, "%.3g s", us / 1_000_000);
        }
        if (us >= 1_000) {
            return String.format(Locale.ROOT, "%.3g ms", us / 1_000);
        }
        return String.format(Locale.ROOT, "%.3g µs", us);
    }
}
