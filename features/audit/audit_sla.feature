# language: id
# Jejak audit dan laporan SLA ("target dan realisasi") Diskominfo Kabupaten Sumbawa, SOP
# 555/568/DKIST/2021 (tenants/sops/sumbawa-2021.yaml), waktu WITA (Asia/Makassar).
# Waktu baku: langkah 2, 5 dan 9 "1 Hari Kerja", langkah 12 "Maksimal 35 Hari Kerja",
# langkah 13 "1 hari" (hari kalender), langkah 14 "2 hari Kerja"; langkah lain tanpa waktu baku.
# Permohonan di bawah berjalan 8 Juni - 13 Juli 2026; satu-satunya hari libur di antaranya adalah
# Selasa 16 Juni 2026 (Tahun Baru Islam), yang hanya dilewati langkah 12.
# Realisasi setiap langkah dihitung dalam satuan waktu bakunya sendiri: "Hari Kerja" dalam hari
# kerja, yaitu waktu kantor (07.30-16.00 pada hari kerja) dibagi 8,5 jam satu hari kantor (Sabtu,
# Minggu, hari libur dan jam di luar kantor tidak dihitung), "hari" dalam hari kalender; langkah
# tanpa waktu baku dalam hari kerja. Langkah yang masih terbuka melewati tenggatnya dihitung
# terlambat.

Fitur: Jejak audit dan laporan SLA permohonan aplikasi
  Sebagai auditor (Inspektorat) dan Kepala Diskominfo
  Saya ingin melihat setiap langkah permohonan berurutan, siapa yang mengerjakannya dan kapan, dan langkah mana yang melewati waktu bakunya
  Agar pelaksanaan SOP dapat diperiksa dan target serta realisasinya dapat dilaporkan

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                              |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna  | nama lengkap               | peran          | OPD    |
      | Sumbawa    | dinkes    | Tim Teknis Dinas Kesehatan | opd            | DINKES |
      | Sumbawa    | andi      | Andi Wijaya                | kadis          |        |
      | Sumbawa    | bambang   | Bambang Sutrisno           | kabid-ti       |        |
      | Sumbawa    | citra     | Citra Lestari              | kasi-aplikasi  |        |
      | Sumbawa    | rina      | Rina Marlina               | tim-pengembang |        |
      | Sumbawa    | inspektur | Inspektur Kabupaten        | auditor        |        |
    # Langkah 5 (tenggat Selasa 9 Juni 13:00), 13 (tenggat Selasa 7 Juli 10:00) dan
    # 14 (tenggat Jumat 10 Juli 09:00) selesai sesudah tenggatnya.
    Dan permohonan "Aplikasi Antrian Puskesmas" di Diskominfo "Sumbawa" telah dikerjakan sebagai berikut:
      | waktu (WITA)     | pengguna | langkah | keputusan | menunjuk |
      | 2026-06-08 09:00 | dinkes   | 1       |           |          |
      | 2026-06-08 10:00 | andi     | 2       |           |          |
      | 2026-06-08 11:00 | bambang  | 3       |           |          |
      | 2026-06-08 13:00 | citra    | 4       |           | rina     |
      | 2026-06-10 14:00 | citra    | 5       |           |          |
      | 2026-06-10 15:00 | bambang  | 6       | ya        |          |
      | 2026-06-11 09:00 | citra    | 8       |           |          |
      | 2026-06-11 15:00 | rina     | 9       |           |          |
      | 2026-06-12 10:00 | rina     | 10      |           |          |
      | 2026-06-12 14:00 | dinkes   | 11      | ya        |          |
      | 2026-07-06 10:00 | rina     | 12      |           |          |
      | 2026-07-08 09:00 | rina     | 13      |           |          |
      | 2026-07-10 11:00 | dinkes   | 14      | ya        |          |
      | 2026-07-10 13:00 | rina     | 15      |           |          |
      | 2026-07-13 09:00 | bambang  | 16      |           |          |
      | 2026-07-13 10:00 | rina     | 17      |           |          |

  Skenario: Jejak audit mencatat setiap langkah berurutan beserta pelaksana dan waktunya
    Maka permohonan "Aplikasi Antrian Puskesmas" berakhir dengan status "completed"
    Dan jejak audit permohonan "Aplikasi Antrian Puskesmas" berisi, berurutan:
      | waktu (WITA)     | langkah | peristiwa     | pengguna | peran          |
      | 2026-06-08 09:00 | 1       | Submitted     | dinkes   | opd            |
      | 2026-06-08 10:00 | 2       | Disposed      | andi     | kadis          |
      | 2026-06-08 11:00 | 3       | Disposed      | bambang  | kabid-ti       |
      | 2026-06-08 13:00 | 4       | Assigned      | citra    | kasi-aplikasi  |
      | 2026-06-10 14:00 | 5       | Analysed      | citra    | kasi-aplikasi  |
      | 2026-06-10 15:00 | 6       | Decided       | bambang  | kabid-ti       |
      | 2026-06-11 09:00 | 8       | StepCompleted | citra    | kasi-aplikasi  |
      | 2026-06-11 15:00 | 9       | StepCompleted | rina     | tim-pengembang |
      | 2026-06-12 10:00 | 10      | StepCompleted | rina     | tim-pengembang |
      | 2026-06-12 14:00 | 11      | PlanReviewed  | dinkes   | opd            |
      | 2026-07-06 10:00 | 12      | StepCompleted | rina     | tim-pengembang |
      | 2026-07-08 09:00 | 13      | StepCompleted | rina     | tim-pengembang |
      | 2026-07-10 11:00 | 14      | UATPassed     | dinkes   | opd            |
      | 2026-07-10 13:00 | 15      | StepCompleted | rina     | tim-pengembang |
      | 2026-07-13 09:00 | 16      | StepCompleted | bambang  | kabid-ti       |
      | 2026-07-13 10:00 | 17      | HandedOver    | rina     | tim-pengembang |

  Skenario: Jejak audit menceritakan setiap langkah dalam kalimat bahasa Indonesia
    Maka jejak audit permohonan "Aplikasi Antrian Puskesmas" langkah 2 berbunyi "Kepala Dinas Komunikasi Informatika Statistik dan Persandian mendisposisikan permohonan ke Kepala Bidang Teknologi Informasi"
    Dan jejak audit permohonan "Aplikasi Antrian Puskesmas" langkah 4 berbunyi "Kepala Seksi Aplikasi dan E-Government menunjuk rina (langkah 4); berikutnya langkah 5 oleh Kepala Seksi Aplikasi dan E-Government"
    Dan jejak audit permohonan "Aplikasi Antrian Puskesmas" langkah 6 berbunyi "Kepala Bidang Teknologi Informasi memutuskan “ya” pada langkah 6: Apakah infrastruktur, SDM dan anggaran tersedia?; berikutnya langkah 8 oleh Kepala Seksi Aplikasi dan E-Government"
    Dan jejak audit permohonan "Aplikasi Antrian Puskesmas" langkah 17 berbunyi "Tim Pengembang Aplikasi Kominfo menyerahterimakan aplikasi dengan Berita Acara (langkah 17); permohonan selesai"

  Skenario: Jejak audit dapat disaring menurut pelaksana dan menurut waktu
    Maka jejak audit Diskominfo "Sumbawa" oleh pengguna "citra" memuat langkah "4, 5, 8"
    Dan jejak audit Diskominfo "Sumbawa" oleh pengguna "dinkes" memuat langkah "1, 11, 14"
    Dan jejak audit Diskominfo "Sumbawa" oleh pengguna "inspektur" kosong
    Dan jejak audit Diskominfo "Sumbawa" dari "2026-07-01 00:00" sampai "2026-07-31 23:59" WITA memuat langkah "12, 13, 14, 15, 16, 17"

  Skenario: Laporan SLA menunjukkan langkah yang terlambat dan persentase tepat waktunya
    Maka laporan SLA Diskominfo "Sumbawa" mencatat langkah terlambat "5, 13, 14"
    Dan laporan SLA Diskominfo "Sumbawa" untuk langkah yang memiliki waktu baku berisi:
      | langkah | waktu baku             | jumlah | terlambat | tepat waktu | realisasi (median)     |
      | 2       | 1 Hari Kerja           | 1      | 0         | 100%        | 0,12 hari kerja        |
      | 5       | 1 Hari Kerja           | 1      | 1         | 0%          | 2,12 hari kerja        |
      | 9       | 1 Hari Kerja           | 1      | 0         | 100%        | 0,71 hari kerja        |
      | 12      | Maksimal 35 Hari Kerja | 1      | 0         | 100%        | 14,53 hari kerja       |
      | 13      | 1 hari                 | 1      | 1         | 0%          | 1,96 hari              |
      | 14      | 2 hari Kerja           | 1      | 1         | 0%          | 2,24 hari kerja        |
    Dan laporan SLA Diskominfo "Sumbawa" per bulan berisi:
      | bulan   | langkah bertarget | terlambat | tepat waktu |
      | 2026-06 | 3                 | 1         | 66,7%       |
      | 2026-07 | 3                 | 2         | 33,3%       |
    Dan laporan SLA Diskominfo "Sumbawa" mencatat permohonan "Aplikasi Antrian Puskesmas" "completed" dengan 3 dari 16 langkah terlambat, selesai dalam 24,12 hari kerja

  Skenario: Persentase tepat waktu sebuah langkah dihitung dari semua permohonan
    # Langkah 2 permohonan kedua mulai Senin 13 Juli 11:00, tenggat Selasa 14 Juli 11:00.
    Dengan permohonan "Aplikasi Posyandu" di Diskominfo "Sumbawa" telah dikerjakan sebagai berikut:
      | waktu (WITA)     | pengguna | langkah | keputusan | menunjuk |
      | 2026-07-13 11:00 | dinkes   | 1       |           |          |
      | 2026-07-15 09:00 | andi     | 2       |           |          |
      | 2026-07-15 10:00 | bambang  | 3       |           |          |
    Maka laporan SLA Diskominfo "Sumbawa" mencatat langkah terlambat "2, 5, 13, 14"
    Dan laporan SLA Diskominfo "Sumbawa" untuk langkah "2, 5" berisi:
      | langkah | waktu baku   | jumlah | terlambat | tepat waktu | realisasi (median)     |
      | 2       | 1 Hari Kerja | 2      | 1         | 50%         | 0,94 hari kerja        |
      | 5       | 1 Hari Kerja | 1      | 1         | 0%          | 2,12 hari kerja        |
    Dan laporan SLA Diskominfo "Sumbawa" mencatat permohonan "Aplikasi Posyandu" "in_progress" dengan 1 dari 3 langkah terlambat, berjalan 1,88 hari kerja
    Dan laporan SLA Diskominfo "Sumbawa" mencatat permohonan "Aplikasi Antrian Puskesmas" "completed" dengan 3 dari 16 langkah terlambat, selesai dalam 24,12 hari kerja

  Skenario: Langkah tanpa waktu baku yang menunggu lebih dari 10 hari kerja dihitung macet
    # Langkah 3 (disposisi Kepala Bidang) tidak memiliki waktu baku; ia aktif sejak Rabu 15 Juli
    # 09:00, dan menjadi macet sesudah 10 hari kerja (batas bawaan tenant): Rabu 29 Juli 09:00.
    Dengan permohonan "Aplikasi Posyandu" di Diskominfo "Sumbawa" telah dikerjakan sebagai berikut:
      | waktu (WITA)     | pengguna | langkah | keputusan | menunjuk |
      | 2026-07-13 11:00 | dinkes   | 1       |           |          |
      | 2026-07-15 09:00 | andi     | 2       |           |          |
    Ketika waktu berjalan sampai "2026-07-29 08:59" WITA
    Maka laporan SLA Diskominfo "Sumbawa" mencatat 0 langkah macet
    Ketika waktu berjalan sampai "2026-07-31 09:00" WITA
    Maka laporan SLA Diskominfo "Sumbawa" mencatat 1 langkah macet, dihitung terlambat pada langkah 3

  Skenario: Ekspor CSV jejak audit untuk Excel berisi satu baris untuk setiap peristiwa
    Ketika jejak audit permohonan "Aplikasi Antrian Puskesmas" diekspor sebagai CSV
    Maka berkas CSV diawali BOM, dipisahkan titik koma, dan memiliki kolom "No, Waktu, Peristiwa, Kode peristiwa, Pengguna, Nama, NIP, Peran, Plt./Plh., SK Plt./Plh., Atas nama, Permohonan, Nomor surat, ID permohonan, Langkah, Ketepatan waktu, Uraian"
    Dan berkas CSV berisi satu baris untuk setiap peristiwa permohonan "Aplikasi Antrian Puskesmas", berurutan
    Dan berkas CSV menyebut langkah berikut:
      | langkah | waktu                 | nama          | peran                                  | ketepatan waktu |
      | 2       | 8 Jun 2026 10.00 WITA | Andi Wijaya   | Kepala Dinas Komunikasi Informatika Statistik dan Persandian | tepat waktu |
      | 5       | 10 Jun 2026 14.00 WITA | Citra Lestari | Kepala Seksi Aplikasi dan E-Government | terlambat       |
    Dan tidak ada sel berkas CSV yang memuat data JSON peristiwa
    Dan ekspor JSON jejak audit permohonan "Aplikasi Antrian Puskesmas" memuat data lengkap setiap peristiwanya
    Ketika seluruh jejak audit Diskominfo "Sumbawa" diekspor sebagai CSV
    Maka berkas CSV berisi satu baris untuk setiap peristiwa yang tersimpan di Diskominfo "Sumbawa"
