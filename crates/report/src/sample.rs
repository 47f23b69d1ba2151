//! A fictional, labelled demonstration rating report rendered from values with the
//! [`layout`](crate::layout) module, in Spanish or English. It exercises everything a real
//! committee report needs from the layout (page-one data, factor and class tables, a
//! coverage chart, amounts in words and figures, Spanish dates, the legend, a signature
//! block) so that the signing path, the validators and the benchmark have a realistic
//! document to work on. The real committee report is built on the same layout from stored
//! decisions; nothing here is computed by the rating engine, and every page says so.

use crate::format_ec;
use crate::layout::{
    Align, Column, DocumentBuilder, DocumentMeta, Lang, LayoutError, LineChart, ReferenceLine,
    Series, SignatureLine, Table,
};
use crate::text::{date, money};
use rust_decimal::Decimal;

/// One rated class of the demo securitization.
#[derive(Debug, Clone)]
pub struct SampleClass {
    pub class: String,
    pub amount: Decimal,
    pub term_days: u32,
    pub rate_percent: Decimal,
    pub amortization_es: String,
    pub amortization_en: String,
    pub rating: String,
}

/// One factor considered, with its score and weight.
#[derive(Debug, Clone)]
pub struct SampleFactor {
    pub name_es: String,
    pub name_en: String,
    pub sub_criteria_es: String,
    pub sub_criteria_en: String,
    pub score: Decimal,
    pub weight_percent: Decimal,
    pub evidence_es: String,
    pub evidence_en: String,
}

/// The values the sample report is rendered from.
#[derive(Debug, Clone)]
pub struct SampleReport {
    pub rater: String,
    pub city: String,
    pub trust_name: String,
    pub session: String,
    /// (year, month, day)
    pub session_date: (i32, u32, u32),
    pub cutoff_date: (i32, u32, u32),
    pub analyst: String,
    pub amount: Decimal,
    pub rating: String,
    pub classes: Vec<SampleClass>,
    pub factors: Vec<SampleFactor>,
    /// Quarter labels and coverage multiples (base and stressed) for the chart.
    pub quarters: Vec<String>,
    pub coverage_base: Vec<f64>,
    pub coverage_stress: Vec<f64>,
    pub minimum_coverage: f64,
    /// Months shown in the projected payment schedule (makes the report longer or shorter).
    pub schedule_months: u32,
    pub signers: Vec<SignatureLine>,
}

fn d(s: &str) -> Decimal {
    // Literal constants of the demo below; a typo is a programming error caught by tests.
    s.parse().expect("demo constant is a decimal literal")
}

impl SampleReport {
    /// The fictional demo case. `schedule_months` sets the length of the payment schedule
    /// (36 gives a five-page report, 120 about twelve pages).
    pub fn demo(schedule_months: u32) -> Self {
        let quarters: Vec<String> = (0..12)
            .map(|q| format!("T{}-{}", q % 4 + 1, 2027 + q / 4))
            .collect();
        let coverage_base = vec![
            2.41, 2.38, 2.52, 2.47, 2.61, 2.58, 2.70, 2.66, 2.83, 2.79, 2.95, 3.02,
        ];
        let coverage_stress = vec![
            1.72, 1.66, 1.79, 1.74, 1.83, 1.80, 1.91, 1.86, 1.98, 1.95, 2.06, 2.12,
        ];
        SampleReport {
            rater: "Calificadora Demostración S.A. (ficticia)".into(),
            city: "Quito – Ecuador".into(),
            trust_name:
                "Fideicomiso Mercantil Titularización de Flujos «Cañaverales del Ñuque» (ficticio)"
                    .into(),
            session: "042/2026".into(),
            session_date: (2026, 11, 18),
            cutoff_date: (2026, 9, 30),
            analyst: "Ing. Lucía Muñoz Peña, Analista Senior (ficticia)".into(),
            amount: d("5000000"),
            rating: "AA+".into(),
            classes: vec![
                SampleClass {
                    class: "A".into(),
                    amount: d("3000000"),
                    term_days: 1080,
                    rate_percent: d("7.50"),
                    amortization_es: "Trimestral".into(),
                    amortization_en: "Quarterly".into(),
                    rating: "AA+".into(),
                },
                SampleClass {
                    class: "B".into(),
                    amount: d("1500000"),
                    term_days: 1440,
                    rate_percent: d("8.25"),
                    amortization_es: "Trimestral".into(),
                    amortization_en: "Quarterly".into(),
                    rating: "AA".into(),
                },
                SampleClass {
                    class: "C".into(),
                    amount: d("500000"),
                    term_days: 1800,
                    rate_percent: d("9.00"),
                    amortization_es: "Al vencimiento".into(),
                    amortization_en: "Bullet".into(),
                    rating: "A+".into(),
                },
            ],
            factors: vec![
                SampleFactor {
                    name_es: "Originador: solvencia y desempeño".into(),
                    name_en: "Originator: solvency and performance".into(),
                    sub_criteria_es: "Liquidez, endeudamiento, rentabilidad, gobierno corporativo"
                        .into(),
                    sub_criteria_en: "Liquidity, leverage, profitability, governance".into(),
                    score: d("8.5"),
                    weight_percent: d("20"),
                    evidence_es: "Estados financieros auditados 2023–2025 (ficticios)".into(),
                    evidence_en: "Audited financial statements 2023–2025 (fictional)".into(),
                },
                SampleFactor {
                    name_es: "Flujos titularizados: estabilidad e índice de desviación".into(),
                    name_en: "Securitized flows: stability and deviation index".into(),
                    sub_criteria_es:
                        "Historia de 36 meses, concentración de clientes, estacionalidad".into(),
                    sub_criteria_en: "36-month history, customer concentration, seasonality".into(),
                    score: d("8.0"),
                    weight_percent: d("30"),
                    evidence_es: "Ventas mensuales certificadas por el originador".into(),
                    evidence_en: "Monthly sales certified by the originator".into(),
                },
                SampleFactor {
                    name_es: "Mecanismos de cobertura".into(),
                    name_en: "Guarantee mechanisms".into(),
                    sub_criteria_es: "Fondo de reserva, exceso de flujo, garantía solidaria".into(),
                    sub_criteria_en: "Reserve fund, excess spread, joint guarantee".into(),
                    score: d("9.0"),
                    weight_percent: d("25"),
                    evidence_es: "Contrato de fideicomiso, cláusula novena".into(),
                    evidence_en: "Trust deed, ninth clause".into(),
                },
                SampleFactor {
                    name_es: "Estructura legal y agente de manejo".into(),
                    name_en: "Legal structure and trust manager".into(),
                    sub_criteria_es: "Aislamiento patrimonial, experiencia del agente, reportes"
                        .into(),
                    sub_criteria_en: "Ring-fencing, manager experience, reporting".into(),
                    score: d("8.8"),
                    weight_percent: d("15"),
                    evidence_es: "Informe legal externo y calificación del agente".into(),
                    evidence_en: "External legal opinion and manager assessment".into(),
                },
                SampleFactor {
                    name_es: "Entorno sectorial y económico".into(),
                    name_en: "Sector and economic environment".into(),
                    sub_criteria_es: "Precios del azúcar, clima, demanda interna".into(),
                    sub_criteria_en: "Sugar prices, weather, domestic demand".into(),
                    score: d("7.0"),
                    weight_percent: d("10"),
                    evidence_es: "Boletines sectoriales públicos (resumen ficticio)".into(),
                    evidence_en: "Public sector bulletins (fictional summary)".into(),
                },
            ],
            quarters,
            coverage_base,
            coverage_stress,
            minimum_coverage: 1.5,
            schedule_months,
            signers: vec![
                SignatureLine {
                    name: "Econ. Andrés Cevallos Ordóñez".into(),
                    title: "Gerente General (ficticio)".into(),
                    role: "Certifica".into(),
                    field: "certification".into(),
                },
                SignatureLine {
                    name: "Dra. María José Peñafiel".into(),
                    title: "Presidenta del Comité (ficticia)".into(),
                    role: "Aprueba".into(),
                    field: "chair".into(),
                },
                SignatureLine {
                    name: "Ing. Íñigo Núñez Ayala".into(),
                    title: "Miembro del Comité (ficticio)".into(),
                    role: "Aprueba".into(),
                    field: "member-2".into(),
                },
            ],
        }
    }
}

fn weight(lang: Lang, p: Decimal) -> String {
    format!("{} %", lang.number(p.try_into().unwrap_or(0.0), 0))
}

fn percent(lang: Lang, p: Decimal) -> String {
    format!("{} %", lang.number(p.try_into().unwrap_or(0.0), 2))
}

/// Renders the sample report. `created` is recorded as the document's creation time.
pub fn render_sample(
    report: &SampleReport,
    lang: Lang,
    created: time::OffsetDateTime,
) -> Result<Vec<u8>, LayoutError> {
    let es = lang == Lang::Es;
    let t = |s_es: &str, s_en: &str| {
        if es {
            s_es.to_string()
        } else {
            s_en.to_string()
        }
    };
    let title = t(
        "Informe de Calificación de Riesgo — Titularización (DEMOSTRACIÓN)",
        "Credit Rating Report — Securitization (DEMONSTRATION)",
    );
    let mut b = DocumentBuilder::new(DocumentMeta {
        title: title.clone(),
        author: report.rater.clone(),
        subject: report.trust_name.clone(),
        keywords: vec![
            t("calificación de riesgo", "credit rating"),
            t("titularización", "securitization"),
            t("demostración", "demonstration"),
        ],
        lang,
        header_left: report.rater.clone(),
        footer_left: t(
            "Documento de demostración: entidades y cifras ficticias.",
            "Demonstration document: fictional entities and figures.",
        ),
        created,
    })?;

    b.title_block(
        &title,
        &[
            report.trust_name.clone(),
            format!("{}, {}", report.city, date(lang, report.session_date)),
        ],
    );

    let words = format_ec::usd_in_words_es(report.amount);
    let amount = if es {
        format!("{words} ({})", money(lang, report.amount))
    } else {
        format!("{} (in Spanish words: {words})", money(lang, report.amount))
    };
    b.heading(&t("1. Datos de la calificación", "1. Rating data"));
    b.key_values(&[
        (t("Calificadora", "Rating agency"), report.rater.clone()),
        (
            t("Sesión de Comité", "Committee session"),
            format!(
                "{} {}, {} {}",
                t("No.", "No."),
                report.session,
                t("del", "of"),
                date(lang, report.session_date)
            ),
        ),
        (t("Analista", "Analyst"), report.analyst.clone()),
        (
            t(
                "Información financiera cortada al",
                "Financial information cut-off",
            ),
            date(lang, report.cutoff_date),
        ),
        (t("Instrumento", "Instrument"), report.trust_name.clone()),
        (t("Monto de la emisión", "Issue amount"), amount),
        (
            t("Revisión", "Review"),
            t("Calificación inicial", "Initial rating"),
        ),
        (
            t("Calificación otorgada", "Rating assigned"),
            format!(
                "{} — {}",
                report.rating,
                t("tendencia estable", "stable trend")
            ),
        ),
    ]);

    b.heading(&t(
        "2. Calificación y su significado",
        "2. The rating and its meaning",
    ));
    b.paragraph(&t(
        "Categoría AA: corresponde a los valores cuyos emisores y garantes tienen una muy buena capacidad del pago de capital e intereses, en los términos y plazos pactados, la cual se estima no se vería afectada en forma significativa ante posibles cambios en el emisor y su garante, en el sector al que pertenecen y en la economía en general.",
        "Category AA: securities whose issuers and guarantors have a very good capacity to pay principal and interest on the agreed terms and dates, which is not expected to be significantly affected by possible changes in the issuer and its guarantor, their sector or the economy in general.",
    ));
    b.paragraph(&t(
        "El signo más (+) indica que la calificación podría subir hacia su inmediata superior, mientras que el signo menos (−) advierte descenso a la categoría inmediata inferior.",
        "The plus sign (+) indicates that the rating could move up to the next higher category, while the minus sign (−) warns of a move down to the next lower one.",
    ));
    b.subheading(&t("Fundamentación de la calificación", "Rationale"));
    b.bullets(&[
        t(
            "El originador (ficticio) mantiene una trayectoria de 28 años en la producción y comercialización de azúcar, con ventas que muestran un índice de desviación de 6,8 % en los últimos 36 meses.",
            "The (fictional) originator has 28 years of sugar production and sales, with a deviation index of 6.8 % over the last 36 months.",
        ),
        t(
            "El fondo de reserva equivale a un trimestre de dividendos de la Clase A y el exceso de flujo cubre la desviación estimada más de 1,5 veces en todos los escenarios de estrés.",
            "The reserve fund equals one quarter of Class A payments and excess spread covers the estimated deviation more than 1.5 times in every stress scenario.",
        ),
        t(
            "La estructura aísla los flujos titularizados del patrimonio del originador; el agente de manejo reporta mensualmente al comité de vigilancia.",
            "The structure ring-fences the securitized flows from the originator; the trust manager reports monthly to the oversight committee.",
        ),
        t(
            "Riesgos: concentración en tres clientes industriales (41 % de las ventas), exposición a precios internacionales y a eventos climáticos.",
            "Risks: concentration in three industrial customers (41 % of sales), exposure to international prices and weather events.",
        ),
    ]);

    b.heading(&t("3. Clases de valores", "3. Classes of securities"));
    let mut class_rows: Vec<Vec<String>> = report
        .classes
        .iter()
        .map(|c| {
            vec![
                c.class.clone(),
                money(lang, c.amount),
                lang.number(f64::from(c.term_days), 0),
                percent(lang, c.rate_percent),
                if es {
                    c.amortization_es.clone()
                } else {
                    c.amortization_en.clone()
                },
                c.rating.clone(),
            ]
        })
        .collect();
    let total: Decimal = report.classes.iter().map(|c| c.amount).sum();
    class_rows.push(vec![
        t("Total", "Total"),
        money(lang, total),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    let bold_total = class_rows.len() - 1;
    b.table(&Table {
        columns: vec![
            Column::new(t("Clase", "Class"), 0.8, Align::Center),
            Column::new(t("Monto", "Amount"), 1.7, Align::Right),
            Column::new(t("Plazo (días)", "Term (days)"), 1.1, Align::Right),
            Column::new(t("Tasa", "Rate"), 0.9, Align::Right),
            Column::new(t("Amortización", "Amortization"), 1.4, Align::Left),
            Column::new(t("Calificación", "Rating"), 1.1, Align::Center),
        ],
        rows: class_rows,
        bold_rows: vec![bold_total],
    })?;

    b.heading(&t("4. Factores considerados", "4. Factors considered"));
    let mut weighted = Decimal::ZERO;
    let mut factor_rows = Vec::new();
    for f in &report.factors {
        weighted += f.score * f.weight_percent / Decimal::ONE_HUNDRED;
        factor_rows.push(vec![
            if es {
                f.name_es.clone()
            } else {
                f.name_en.clone()
            },
            if es {
                f.sub_criteria_es.clone()
            } else {
                f.sub_criteria_en.clone()
            },
            lang.number(f.score.try_into().unwrap_or(0.0), 1),
            weight(lang, f.weight_percent),
            if es {
                f.evidence_es.clone()
            } else {
                f.evidence_en.clone()
            },
        ]);
    }
    factor_rows.push(vec![
        t("Puntaje ponderado", "Weighted score"),
        String::new(),
        lang.number(weighted.try_into().unwrap_or(0.0), 2),
        weight(lang, Decimal::ONE_HUNDRED),
        String::new(),
    ]);
    let bold_factor = factor_rows.len() - 1;
    b.table(&Table {
        columns: vec![
            Column::new(t("Factor", "Factor"), 2.2, Align::Left),
            Column::new(t("Subcriterios", "Sub-criteria"), 2.4, Align::Left),
            Column::new(t("Puntaje", "Score"), 0.8, Align::Right),
            Column::new(t("Peso", "Weight"), 0.9, Align::Right),
            Column::new(t("Evidencia", "Evidence"), 2.2, Align::Left),
        ],
        rows: factor_rows,
        bold_rows: vec![bold_factor],
    })?;
    b.note(&t(
        "Puntajes de 0 a 10 y pesos ilustrativos de la demostración; no son la metodología de ninguna calificadora.",
        "Scores from 0 to 10 and weights are illustrative for the demonstration; they are no rater's methodology.",
    ));

    b.heading(&t("5. Cobertura de los flujos", "5. Cash-flow coverage"));
    b.paragraph(&t(
        "El gráfico muestra, por trimestre, las veces que los flujos proyectados cubren los pagos a los inversionistas en el escenario base y en el escenario de estrés (caída de 25 % de las ventas), frente al mínimo de 1,5 veces el índice de desviación.",
        "The chart shows, per quarter, how many times projected flows cover payments to investors in the base and the stress scenario (sales down 25 %), against the minimum of 1.5 times the deviation index.",
    ));
    let minimum_label = format!(
        "{} {}x",
        t("Mínimo", "Minimum"),
        lang.number(report.minimum_coverage, 1)
    );
    b.line_chart(&LineChart {
        title: t(
            "Cobertura de pagos por trimestre (veces)",
            "Payment coverage per quarter (times)",
        ),
        x_labels: report
            .quarters
            .iter()
            .map(|q| match lang {
                // "T1" (trimestre) in Spanish is "Q1" (quarter) in English.
                Lang::En => q.replacen('T', "Q", 1),
                Lang::Es => q.clone(),
            })
            .collect(),
        y_label: t("veces", "times"),
        series: vec![
            Series {
                name: t("Escenario base", "Base scenario"),
                values: report.coverage_base.clone(),
            },
            Series {
                name: t("Escenario de estrés", "Stress scenario"),
                values: report.coverage_stress.clone(),
            },
        ],
        reference: Some(ReferenceLine {
            label: minimum_label,
            value: report.minimum_coverage,
        }),
        y_decimals: 1,
    })?;
    b.paragraph(&t(
        "Punto de equilibrio: las ventas tendrían que caer 41,3 % de manera sostenida para que la cobertura llegue a 1,0 vez.",
        "Equilibrium point: sales would have to fall 41.3 % for a sustained period for coverage to reach 1.0 times.",
    ));

    b.heading(&t(
        "6. Calendario de pagos proyectado",
        "6. Projected payment schedule",
    ));
    let mut balance = total;
    let months = report.schedule_months.max(1);
    let principal = (total / Decimal::from(months)).round_dp(2);
    let mut schedule = Vec::new();
    for m in 1..=months {
        let year = 2027 + (m - 1) / 12;
        let month = (m - 1) % 12 + 1;
        let interest = (balance * d("0.0066")).round_dp(2);
        let pay = if m == months { balance } else { principal };
        let flow = (pay + interest) * d("2.4");
        balance -= pay;
        schedule.push(vec![
            if es {
                format!("{} {year}", MONTHS_SHORT_ES[(month - 1) as usize])
            } else {
                format!("{} {year}", MONTHS_SHORT_EN[(month - 1) as usize])
            },
            money(lang, flow.round_dp(2)),
            money(lang, pay),
            money(lang, interest),
            money(lang, balance.max(Decimal::ZERO)),
        ]);
    }
    b.table(&Table {
        columns: vec![
            Column::new(t("Mes", "Month"), 1.0, Align::Left),
            Column::new(t("Flujo proyectado", "Projected flow"), 1.6, Align::Right),
            Column::new(t("Capital", "Principal"), 1.5, Align::Right),
            Column::new(t("Interés", "Interest"), 1.3, Align::Right),
            Column::new(t("Saldo", "Balance"), 1.6, Align::Right),
        ],
        rows: schedule,
        bold_rows: Vec::new(),
    })?;
    b.note(&t(
        "Calendario ilustrativo de la demostración, con amortización lineal y una tasa mensual de 0,66 %.",
        "Illustrative schedule for the demonstration, with straight-line amortization and a monthly rate of 0.66 %.",
    ));

    // The statements and the signatures that make them belong on one page.
    b.keep_together(300.0);
    b.heading(&t("7. Declaraciones", "7. Statements"));
    b.paragraph(&t(
        "La calificación de riesgo no constituye una recomendación para comprar, vender o mantener un valor, ni una garantía del pago del mismo ni de la estabilidad de su precio, sino una evaluación sobre el riesgo involucrado en este.",
        "A credit rating is not a recommendation to buy, sell or hold a security, nor a guarantee of its payment or of the stability of its price, but an assessment of the risk it involves.",
    ));
    b.paragraph(&t(
        "El Gerente General certifica que este informe reproduce fielmente la decisión adoptada por el Comité de Calificación en la sesión indicada, con base en la información disponible a la fecha de corte.",
        "The General Manager certifies that this report faithfully reproduces the decision taken by the Rating Committee in the stated session, on the information available at the cut-off date.",
    ));
    let signers: Vec<SignatureLine> = report
        .signers
        .iter()
        .map(|s| SignatureLine {
            role: match (lang, s.role.as_str()) {
                (Lang::En, "Certifica") => "Certifies".into(),
                (Lang::En, "Aprueba") => "Approves".into(),
                _ => s.role.clone(),
            },
            ..s.clone()
        })
        .collect();
    b.signature_block(&t("Firmas", "Signatures"), &signers);
    b.finish()
}

const MONTHS_SHORT_ES: [&str; 12] = [
    "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.",
];
const MONTHS_SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
