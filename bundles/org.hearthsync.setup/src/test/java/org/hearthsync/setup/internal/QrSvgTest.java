package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrSvgTest {
    /** Draws the SVG's path back into pixels (8 per module) and reads it with ZXing's decoder. */
    @Test
    void theDrawnCodeReadsBackAsTheAddress() throws Exception {
        String url = "http://192.168.1.20:54321/?user=alice";
        String svg = QrSvg.svg(url);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "), svg);
        Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\"").matcher(svg);
        assertTrue(size.find());
        int modules = Integer.parseInt(size.group(1));
        int scale = 8;
        int px = modules * scale;
        int[] pixels = new int[px * px];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z").matcher(svg);
        while (run.find()) {
            int x0 = Integer.parseInt(run.group(1));
            int y0 = Integer.parseInt(run.group(2));
            int w = Integer.parseInt(run.group(3));
            for (int y = y0 * scale; y < (y0 + 1) * scale; y++) {
                for (int x = x0 * scale; x < (x0 + w) * scale; x++) {
                    pixels[y * px + x] = 0;
                }
            }
        }
        LuminanceSource source = new RGBLuminanceSource(px, px, pixels);
        assertEquals(url, new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText());
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> QrSvg.svg("x".repeat(5000)));
    }
}
