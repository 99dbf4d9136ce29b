package io.quicksilver.benchmarks.harness;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

/**
 * The report's PNG plots, drawn headless with JFreeChart: the scaling curve against ideal linear scaling, and the
 * latency percentile curve of every step against the floor's one-way hop.
 */
final class Charts
{
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** Percentiles are spread on a log scale of 1 / (1 - p), as HdrHistogram's plotter does, so the tail is visible. */
    private static final double MAX_TAIL_X = 1e6;

    static
    {
        // Headless unless the caller decided otherwise: the bench runs on servers and in CI without a display.
        if (System.getProperty("java.awt.headless") == null)
        {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts()
    {
    }

    /**
     * Deliveries per second against workers, with the ideal line W x deliveries/s(1).
     */
    static void scaling(final ScalingStudy.Result result, final Path file) throws IOException
    {
        final XYSeries measured = new XYSeries("measured deliveries/s (median, left axis)");
        final XYSeries ideal = new XYSeries("ideal linear: W x deliveries/s(1)");
        final XYSeries messages = new XYSeries("messages/s (median, right axis)");
        final List<StepResult> steps = result.steps();
        final double baseline = steps.isEmpty() ? Double.NaN : steps.getFirst().deliveriesPerSecond();
        for (final StepResult step : steps)
        {
            measured.add(step.workers(), step.deliveriesPerSecond() / 1e6);
            messages.add(step.workers(), step.messagesPerSecond() / 1e6);
            ideal.add(step.workers(), step.workers() * baseline / 1e6);
        }
        final XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(measured);
        data.addSeries(ideal);
        final XYSeriesCollection sent = new XYSeriesCollection();
        sent.addSeries(messages);
        final JFreeChart chart = ChartFactory.createXYLineChart(
            "Scaling: " + result.settings().workload().name() + " (" + result.settings().duration().toMillis() / 1000.0 +
                " s runs, median of " + result.settings().repetitions() + ")",
            "workers (W)", "deliveries per second (millions)", data, PlotOrientation.VERTICAL, true, false, false);
        final XYPlot plot = chart.getXYPlot();
        style(plot);
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesStroke(0, new BasicStroke(2.5f));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesStroke(1, dashed());
        renderer.setSeriesShapesVisible(1, false);
        plot.setRenderer(renderer);
        // Messages/s is a different quantity (a send fans out to many deliveries): its own axis, on the right.
        final NumberAxis sentAxis = new NumberAxis("messages per second (millions)");
        sentAxis.setAutoRangeIncludesZero(true);
        plot.setRangeAxis(1, sentAxis);
        plot.setDataset(1, sent);
        plot.mapDatasetToRangeAxis(1, 1);
        final XYLineAndShapeRenderer sentRenderer = new XYLineAndShapeRenderer(true, true);
        sentRenderer.setSeriesPaint(0, new Color(0xff, 0x7f, 0x0e));
        // Dotted and drawn over the deliveries: where a send's fan-out is the same at every W (the scene graph), the
        // two lines coincide on their own scales.
        sentRenderer.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[]{ 2f, 6f }, 0f));
        sentRenderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        plot.setRenderer(1, sentRenderer);
        final NumberAxis x = (NumberAxis)plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /**
     * Latency at each percentile for every step, and the floor's one-way hop as a flat line.
     */
    static void latency(final ScalingStudy.Result result, final Path file) throws IOException
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (final StepResult step : result.steps())
        {
            final XYSeries series = new XYSeries("W=" + step.workers() + " paced at " + ScalingStudy.si(step.pacedRate()) + " msgs/s");
            addPercentiles(series, step.latency());
            if (!series.isEmpty())
            {
                data.addSeries(series);
                lowest = Math.min(lowest, series.getMinY());
                highest = Math.max(highest, series.getMaxY());
            }
        }
        final Floor floor = result.floor();
        final boolean withFloor = floor.available() && floor.oneWayNs() > 0;
        if (withFloor)
        {
            final XYSeries line = new XYSeries("C floor: one-way hop " +
                String.format(Locale.ROOT, "%.0f ns", floor.oneWayNs()));
            line.add(1.0, floor.oneWayNs() / 1e3);
            line.add(MAX_TAIL_X, floor.oneWayNs() / 1e3);
            data.addSeries(line);
            lowest = Math.min(lowest, floor.oneWayNs() / 1e3);
            highest = Math.max(highest, floor.oneWayNs() / 1e3);
        }
        final JFreeChart chart = ChartFactory.createXYLineChart(
            "Latency by percentile: " + result.settings().workload().name() + ", paced, coordinated omission corrected",
            "percentile", "latency (us, log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        final XYPlot plot = chart.getXYPlot();
        style(plot);
        final LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setRange(1.0, MAX_TAIL_X);
        // One tick per decade: 0%, 90%, 99%, 99.9%, ...
        x.setTickUnit(new NumberTickUnit(1.0));
        plot.setDomainAxis(x);
        final LogAxis y = new LogAxis("latency (log scale)");
        y.setBase(10);
        y.setSmallestValue(1e-3);
        y.setNumberFormatOverride(new MicrosFormat());
        // One tick per decade (1 us, 10 us, 100 us, 1 ms, ...), the range widened to whole decades.
        y.setTickUnit(new NumberTickUnit(1.0));
        if (data.getSeriesCount() > 0 && lowest > 0 && highest >= lowest)
        {
            y.setRange(Math.pow(10, Math.floor(Math.log10(lowest))), Math.pow(10, Math.ceil(Math.log10(highest * 1.01))));
        }
        plot.setRangeAxis(y);
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++)
        {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        if (withFloor)
        {
            renderer.setSeriesPaint(data.getSeriesCount() - 1, Color.BLACK);
            renderer.setSeriesStroke(data.getSeriesCount() - 1, dashed());
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static void addPercentiles(final XYSeries series, final Histogram histogram)
    {
        if (histogram.getTotalCount() == 0)
        {
            return;
        }
        for (final HistogramIterationValue value : histogram.percentiles(5))
        {
            final double percentile = value.getPercentileLevelIteratedTo();
            final double x = percentile >= 100.0 ? MAX_TAIL_X : Math.min(MAX_TAIL_X, 1.0 / (1.0 - percentile / 100.0));
            final double micros = Math.max(value.getValueIteratedTo(), 1) / 1e3;
            series.addOrUpdate(x, micros);
        }
    }

    private static void style(final XYPlot plot)
    {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static BasicStroke dashed()
    {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{ 8f, 6f }, 0f);
    }

    /** Tick labels of the latency axis, whose values are microseconds: 1 us, 10 us, 100 us, 1 ms, 10 ms, 1 s. */
    static final class MicrosFormat extends TickFormat
    {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double micros, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            final DecimalFormat digits = new DecimalFormat("0.###");
            if (micros >= 1e6)
            {
                return toAppendTo.append(digits.format(micros / 1e6)).append(" s");
            }
            if (micros >= 1e3)
            {
                return toAppendTo.append(digits.format(micros / 1e3)).append(" ms");
            }
            if (micros >= 1)
            {
                return toAppendTo.append(digits.format(micros)).append(" us");
            }
            return toAppendTo.append(digits.format(micros * 1e3)).append(" ns");
        }
    }

    /** Tick labels of the percentile axis: x = 1 / (1 - p) printed as p, so 10 reads 90% and 1000 reads 99.9%. */
    static final class PercentileFormat extends TickFormat
    {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            final double percentile = 100.0 * (1.0 - 1.0 / number);
            final String text = new DecimalFormat("0.#####").format(Math.max(percentile, 0));
            return toAppendTo.append(text).append('%');
        }
    }

    /** An axis tick format: formats doubles only (a long is formatted as a double), parses nothing. */
    abstract static class TickFormat extends NumberFormat
    {
        private static final long serialVersionUID = 1L;

        @Override
        public final StringBuffer format(final long number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            return format((double)number, toAppendTo, pos);
        }

        @Override
        public final Number parse(final String source, final ParsePosition parsePosition)
        {
            return null;
        }
    }
}
