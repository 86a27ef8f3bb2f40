package org.hearthsync.pim.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Shrinks a contact photo to the size the phone accepts. The stored original is never touched;
 * the scaled copy only goes to the phone, and is recognised when the phone sends it back.
 */
final class PictureScaler {
    private PictureScaler() {
    }

    /** The picture as sent: the original when small enough, else a smaller JPEG; null when it cannot be made to fit. */
    static byte[] fit(byte[] data, int maxBytes) {
        if (data == null || data.length == 0) {
            return null;
        }
        if (data.length <= maxBytes) {
            return data;
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException | AssertionError e) {
            return null;
        }
        if (img == null) {
            return null;
        }
        double scale = Math.min(1.0, Math.sqrt((double) maxBytes / data.length));
        for (int attempt = 0; attempt < 10; attempt++) {
            int w = Math.max(1, (int) (img.getWidth() * scale));
            int h = Math.max(1, (int) (img.getHeight() * scale));
            byte[] jpeg = jpeg(resize(img, w, h), 0.8f);
            if (jpeg != null && jpeg.length <= maxBytes) {
                return jpeg;
            }
            if (w == 1 && h == 1) {
                return null;
            }
            scale *= 0.75;
        }
        return null;
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage img, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            return null;
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            return null;
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
