# language: id
# Kalender kerja yang dicatat setiap Diskominfo: hari libur nasional dan cuti bersama setahun
# dicatat sekali (dari paket `holidays`), lalu kantor menambah libur daerah, membatalkan cuti
# bersama menurut SKB revisi, dan menetapkan jam kantor untuk rentang tanggal (Ramadan), masing-
# masing dengan dasar hukum (nomor SK/SKB) dan alasannya. Setiap perubahan menghitung ulang
# tenggat langkah yang sedang berjalan dan terdampak, tercatat di riwayat permohonannya.
# Sumbawa, SOP sumbawa-2021, waktu WITA; langkah 2 "1 Hari Kerja"; jam kantor 07.30-16.00.
# 18-24 Maret 2026 adalah Nyepi, Idul Fitri dan cuti bersama: permohonan yang diajukan Selasa
# 17 Maret 10.00 jatuh tempo di langkah 2 pada Rabu 25 Maret 10.00.

Fitur: Kalender kerja yang dicatat kantor
  Sebagai admin Diskominfo
  Saya ingin mencatat hari libur daerah, perubahan cuti bersama dan jam kerja Ramadan beserta dasar hukumnya
  Agar tenggat dan realisasi SLA dihitung dengan kalender kantor sendiri, dan setiap perubahannya dapat diaudit

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                              |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna | nama lengkap               | peran | OPD    |
      | Sumbawa    | dinkes   | Tim Teknis Dinas Kesehatan | opd   | DINKES |
      | Sumbawa    | andi     | Andi Wijaya                | kadis |        |
      | Sumbawa    | admin    | Admin Diskominfo           | admin |        |

  Skenario: Libur daerah baru menggeser tenggat langkah yang sedang berjalan
    Dengan sekarang "2026-03-17 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Maka langkah 2 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-03-25 10:00" WITA
    Ketika "admin" dari Diskominfo "Sumbawa" menetapkan "2026-03-25" sebagai libur daerah "Hari Jadi Kabupaten Sumbawa" dengan dasar "SK Bupati Sumbawa No. 100/2026" karena "Hari jadi kabupaten ke-67"
    Maka langkah 2 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-03-26 10:00" WITA
    Dan riwayat permohonan "Aplikasi Antrian Puskesmas" berisi peristiwa "Submitted, DueRecomputed"
    Dan kalender kerja Diskominfo "Sumbawa" mencatat "2026-03-25" sebagai "libur-daerah" dengan dasar "SK Bupati Sumbawa No. 100/2026"

  Skenario: SKB revisi menjadikan cuti bersama hari kerja, dan tenggat maju
    Dengan sekarang "2026-03-17 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "admin" dari Diskominfo "Sumbawa" menjadikan "2026-03-24" hari kerja dengan dasar "SKB 3 Menteri No. 2/2026 (revisi)" karena "cuti bersama dibatalkan"
    Maka langkah 2 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-03-24 10:00" WITA

  Skenario: Jam kerja Ramadan: langkah yang tiba sesudah jam kantor mulai dihitung esok paginya
    Dengan "admin" dari Diskominfo "Sumbawa" telah menetapkan jam kantor "08:00"-"14:00" dari "2026-03-25" sampai "2026-03-31" dengan dasar "SE Bupati No. 800/12/2026" karena "Jam kerja Ramadan"
    Dan sekarang "2026-03-26 15:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Maka langkah 2 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-03-27 14:00" WITA

  Skenario: Perubahan kalender tanpa dasar hukum ditolak dan tidak dicatat
    Ketika "admin" dari Diskominfo "Sumbawa" menetapkan "2026-03-25" sebagai libur daerah "Hari Jadi Kabupaten Sumbawa" dengan dasar " " karena "Hari jadi kabupaten ke-67"
    Maka perubahan kalender ditolak pada isian "reference"
    Dan kalender kerja Diskominfo "Sumbawa" tidak mencatat "2026-03-25" sebagai hari libur
