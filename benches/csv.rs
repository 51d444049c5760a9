//! CSV throughput in rows per second: writing an export, and reading and checking an import.
//!
//! `cargo bench --bench csv`

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use effekt::csv::{Cell, CsvFormat, CsvWriter, ImportPlan};

const EXPORT_ROWS: usize = 1_000_000;
const IMPORT_ROWS: usize = 100_000;

fn csv(c: &mut Criterion) {
    let (catalogue, _) = common::catalogue_and_demo();
    let observations = common::observations(common::NATIONAL);
    let mut group = c.benchmark_group("csv");
    group.sample_size(10);

    group.throughput(Throughput::Elements(EXPORT_ROWS as u64));
    for format in [CsvFormat::Standard, CsvFormat::ExcelSv] {
        group.bench_function(format!("write_{format:?}"), |b| {
            b.iter(|| {
                let mut writer = CsvWriter::new(format);
                for (written, o) in observations.iter().cycle().take(EXPORT_ROWS).enumerate() {
                    let (organisation, period) = (o.organisation.to_string(), o.period.to_string());
                    writer.row(&[
                        Cell::Text(&organisation),
                        Cell::Text(&period),
                        Cell::Text(&o.series),
                        Cell::Number(o.value),
                    ]);
                    // Streamed in chunks, as the server sends it.
                    if written % 1000 == 0 {
                        std::hint::black_box(writer.take());
                    }
                }
                writer.take()
            })
        });
    }

    let mut file = String::from("organisation_number,period,series,value\n");
    for o in observations.iter().take(IMPORT_ROWS) {
        file.push_str(&format!(
            "{},{},{},{}\n",
            o.organisation, o.period, o.series, o.value
        ));
    }
    group.throughput(Throughput::Elements(IMPORT_ROWS as u64));
    group.bench_function("parse_import", |b| {
        b.iter(|| ImportPlan::parse(&catalogue, file.as_bytes()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, csv);
criterion_main!(benches);
