"""Study tours, training courses and festival invitations (考察、培訓、節慶邀請): registration, approval, a
waitlist when full, check-in and the attendance list."""
