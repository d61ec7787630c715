# language: id
# Ketidakhadiran dengan Plh. (pelaksana harian). Pejabat yang akan tidak hadir mencatat hari-harinya
# (hari pertama dan terakhir ikut dihitung, menurut zona waktu Diskominfo) dan mengusulkan Plh.:
# pengguna aktif lain yang memegang peran alur kerja SOP. Admin atau pimpinan (pemegang peran
# pimpinan SOP: Kepala Dinas, Kepala Bidang) menyetujui atau menolaknya, tetapi tidak untuk
# ketidakhadirannya sendiri. Yang disetujui memberi Plh. peran alur kerja pejabat itu sebagai
# "Plh." selama hari-hari itu saja, tanpa SK, atas dasar ketidakhadiran itu: kotak masuk dan jejak
# audit mengikutinya. Membatalkan ketidakhadiran yang sedang berjalan mengakhiri peran Plh. saat itu.
# Sumbawa, SOP sumbawa-2021, waktu WITA. 17 Maret 2026 hari Selasa. Langkah 3 milik Kabid TI.

Fitur: Ketidakhadiran pejabat dengan Plh.
  Sebagai pejabat Diskominfo yang akan tidak hadir beberapa hari
  Saya ingin menunjuk Plh. yang disetujui pimpinan
  Agar pekerjaan peran saya tetap berjalan dan jejak audit mencatat siapa bertindak untuk siapa

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                              |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna | nama lengkap               | peran         | OPD    |
      | Sumbawa    | dinkes   | Tim Teknis Dinas Kesehatan | opd           | DINKES |
      | Sumbawa    | andi     | Andi Wijaya                | kadis         |        |
      | Sumbawa    | budi     | Budi Santoso               | kabid-ti      |        |
      | Sumbawa    | sari     | Sari Dewi                  | kasi-aplikasi |        |
      | Sumbawa    | auditor  | Auditor Inspektorat        | auditor       |        |
    Dan sekarang "2026-03-17 10:00" WITA

  Skenario: Plh. yang disetujui mengerjakan langkah Kabid TI selama hari-hari ketidakhadirannya saja
    Dengan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "andi" dari Diskominfo "Sumbawa" menyelesaikan langkah 2 pada permohonan "Aplikasi Antrian Puskesmas"
    Dan "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-18" s.d. "2026-03-20" dengan Plh. "sari" karena "Diklat PIM III"
    Dan "andi" dari Diskominfo "Sumbawa" menyetujui ketidakhadiran "budi"
    Maka ketidakhadiran "budi" di Diskominfo "Sumbawa" berstatus "approved"
    Dan kotak masuk "sari" di Diskominfo "Sumbawa" tidak memuat "Aplikasi Antrian Puskesmas"
    Ketika waktu berjalan sampai "2026-03-18 08:00" WITA
    Maka kotak masuk "sari" di Diskominfo "Sumbawa" memuat "Aplikasi Antrian Puskesmas"
    Ketika "sari" dari Diskominfo "Sumbawa" menyelesaikan langkah 3 pada permohonan "Aplikasi Antrian Puskesmas"
    Maka langkah 3 permohonan "Aplikasi Antrian Puskesmas" dikerjakan "sari" sebagai "Plh."
    Dan jejak audit Diskominfo "Sumbawa" mencatat "andi menyetujui ketidakhadiran budi (Rabu, 18 Maret 2026 s.d. Jumat, 20 Maret 2026): sari menjadi Plh. (Kepala Bidang Teknologi Informasi) untuk budi"
    Ketika waktu berjalan sampai "2026-03-21 00:00" WITA
    Maka "sari" dari Diskominfo "Sumbawa" tidak lagi memegang peran "kabid-ti"

  Skenario: Tidak ada yang menyetujui ketidakhadirannya sendiri, dan pejabat yang bukan pimpinan tidak memutuskan
    Ketika "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-18" s.d. "2026-03-20" dengan Plh. "sari" karena "Cuti tahunan"
    Dan "budi" dari Diskominfo "Sumbawa" menyetujui ketidakhadiran "budi"
    Maka tindakan ditolak dengan kode "forbidden"
    Ketika "sari" dari Diskominfo "Sumbawa" menyetujui ketidakhadiran "budi"
    Maka tindakan ditolak dengan kode "forbidden"
    Dan ketidakhadiran "budi" di Diskominfo "Sumbawa" berstatus "pending"

  Skenario: Plh. yang tidak memegang peran alur kerja ditolak, begitu pula hari yang sudah lewat
    Ketika "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-18" s.d. "2026-03-20" dengan Plh. "auditor" karena "Cuti tahunan"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "plh"
    Ketika "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-16" s.d. "2026-03-20" dengan Plh. "sari" karena "Cuti tahunan"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "from_date"

  Skenario: Ketidakhadiran yang ditolak tidak memberi Plh. peran apa pun
    Ketika "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-18" s.d. "2026-03-20" dengan Plh. "sari" karena "Cuti tahunan"
    Dan "andi" dari Diskominfo "Sumbawa" menolak ketidakhadiran "budi" karena "Ada pemeriksaan BPK"
    Maka ketidakhadiran "budi" di Diskominfo "Sumbawa" berstatus "refused"
    Ketika waktu berjalan sampai "2026-03-18 08:00" WITA
    Maka "sari" dari Diskominfo "Sumbawa" tidak lagi memegang peran "kabid-ti"

  Skenario: Ketidakhadiran yang dibatalkan di tengah jalan mengakhiri peran Plh. saat itu
    Dengan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "andi" dari Diskominfo "Sumbawa" menyelesaikan langkah 2 pada permohonan "Aplikasi Antrian Puskesmas"
    Dan "budi" dari Diskominfo "Sumbawa" mengajukan ketidakhadiran "2026-03-18" s.d. "2026-03-20" dengan Plh. "sari" karena "Diklat PIM III"
    Dan "andi" dari Diskominfo "Sumbawa" menyetujui ketidakhadiran "budi"
    Dan waktu berjalan sampai "2026-03-19 09:00" WITA
    Dan "budi" dari Diskominfo "Sumbawa" membatalkan ketidakhadirannya
    Maka ketidakhadiran "budi" di Diskominfo "Sumbawa" berstatus "cancelled"
    Dan kotak masuk "sari" di Diskominfo "Sumbawa" tidak memuat "Aplikasi Antrian Puskesmas"
    Dan kotak masuk "budi" di Diskominfo "Sumbawa" memuat "Aplikasi Antrian Puskesmas"
